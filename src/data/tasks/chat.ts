/**
 * General chat for SFT (both modes) and RLHF prompts: greetings, simple facts and one-line
 * explanations. `chatRubric` is a rule-based stand-in for a judge, so a run can measure whether
 * RLHF made answers more correct and concise without trusting the reward model it trained.
 */
import type { Rng } from '../../core/rng.ts';
import {
  FACT_FAMILIES,
  type FactEntry,
  type FactFamily,
  FILLER_CLOSINGS,
  FILLER_OPENINGS,
} from './chat-facts.ts';
import { type Draft, generateItems, pick, userPrompt } from './generate.ts';
import type { ChatItem, Difficulty, GenerateOptions, PreferenceRow } from './types.ts';

/** Which families each level draws from: recall first, then lookup, then counting and explaining. */
const FAMILIES_BY_LEVEL: Record<Difficulty, readonly string[]> = {
  easy: ['greeting', 'opposite', 'sound', 'color'],
  medium: ['capital', 'next-day', 'next-month', 'plural'],
  hard: ['number-word', 'letters', 'why'],
};

export interface ChatPrompt {
  family: FactFamily;
  entry: FactEntry;
  prompt: string;
}

/** Every prompt a level can ask, so each is drawn equally often. */
function promptsOf(level: Difficulty): ChatPrompt[] {
  return FACT_FAMILIES.filter((family) => FAMILIES_BY_LEVEL[level].includes(family.name)).flatMap((family) =>
    family.entries.flatMap((entry) =>
      family.prompts.map((phrase) => ({ family, entry, prompt: phrase(entry.subject) })),
    ),
  );
}

const PROMPTS_BY_LEVEL: Record<Difficulty, ChatPrompt[]> = {
  easy: promptsOf('easy'),
  medium: promptsOf('medium'),
  hard: promptsOf('hard'),
};

export function drawChatPrompt(rng: Rng, difficulty: Difficulty): ChatPrompt {
  return pick(rng, PROMPTS_BY_LEVEL[difficulty]);
}

export function keyOf(entry: FactEntry): string {
  return entry.key ?? entry.value;
}

/** The concise answer wrapped in chatty padding. */
export function verboseAnswer(rng: Rng, answer: string): string {
  return `${pick(rng, FILLER_OPENINGS)}${answer}${pick(rng, FILLER_CLOSINGS)}`;
}

export function chatDraft(chat: ChatPrompt): Draft<PreferenceRow> & { extra: { key: string } } {
  return {
    messages: userPrompt(chat.prompt),
    task: { prompt: chat.prompt },
    reference: { reasoning: chat.family.reasoning(chat.entry), answer: chat.family.answer(chat.entry) },
    extra: { key: keyOf(chat.entry) },
  };
}

export interface ChatGenerateOptions extends GenerateOptions {
  /**
   * Share of references given chatty padding (default 0), to imitate a verbose SFT teacher and
   * leave RLHF something to remove.
   */
  verboseRate?: number;
}

export function generateChat(options: ChatGenerateOptions): ChatItem[] {
  const verboseRate = options.verboseRate ?? 0;
  return generateItems('chat', options, (rng, difficulty) => {
    const draft = chatDraft(drawChatPrompt(rng, difficulty));
    // drawn every time, so the rate does not shift which prompts are chosen
    const padded = verboseAnswer(rng, draft.reference.answer);
    if (rng.next() < verboseRate) draft.reference.answer = padded;
    return draft;
  });
}

export interface ChatRubricScore {
  /** The answer contains the fact the question asks for. */
  correct: boolean;
  /** No padding, and no longer than the longest concise teacher answer. */
  concise: boolean;
  /** 1 correct and concise, 0.5 correct only, 0 otherwise. */
  score: number;
}

/** Every concise teacher answer fits (the longest is under 40 characters). */
export const CONCISE_MAX_CHARS = 50;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const FILLER_MARKS = [...FILLER_OPENINGS, ...FILLER_CLOSINGS].map((filler) =>
  filler.trim().slice(0, 12).toLowerCase(),
);

/** Scores a chat response (thinking responses on the text after `</think>`). */
export function chatRubric(item: ChatItem, response: string): ChatRubricScore {
  const close = response.lastIndexOf('</think>');
  if (close < 0 && response.includes('<think>')) return { correct: false, concise: false, score: 0 };
  const answer = (close < 0 ? response : response.slice(close + '</think>'.length)).trim();
  const correct = new RegExp(`(^|\\W)${escapeRegExp(item.key)}(\\W|$)`, 'i').test(answer);
  const padded = FILLER_MARKS.some((mark) => answer.toLowerCase().includes(mark));
  const concise = !padded && answer.length <= CONCISE_MAX_CHARS;
  return { correct, concise, score: correct ? (concise ? 1 : 0.5) : 0 };
}
