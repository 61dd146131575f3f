/**
 * Preferences for the reward model and RLHF: each chat prompt comes with its concise, correct,
 * on-topic answer (chosen) against three rejected ones that a tiny reward model can learn to tell
 * apart: the same answer padded with chatter (verbose), the same sentence with another fact's value
 * (wrong), and the answer to a different question (off topic). The prompts double as RLHF prompts.
 */
import type { Rng } from '../../core/rng.ts';
import { type ChatPrompt, chatDraft, drawChatPrompt, verboseAnswer } from './chat.ts';
import { FACT_FAMILIES } from './chat-facts.ts';
import { generateItems, pick } from './generate.ts';
import type { GenerateOptions, PreferenceFlaw, PreferenceItem, PreferencePair } from './types.ts';

function offTopicAnswer(rng: Rng, chat: ChatPrompt): string {
  const others = FACT_FAMILIES.filter((family) => family !== chat.family);
  const family = pick(rng, others);
  return family.answer(pick(rng, family.entries));
}

/** The same sentence with another entry's value; off topic for families whose answers do not swap. */
function wrongAnswer(rng: Rng, chat: ChatPrompt): { flaw: PreferenceFlaw; text: string } {
  if (!chat.family.swappable) return { flaw: 'off_topic', text: offTopicAnswer(rng, chat) };
  const candidates = chat.family.entries.filter((entry) => entry.value !== chat.entry.value);
  const wrong = pick(rng, candidates);
  return { flaw: 'wrong', text: chat.family.answer({ ...chat.entry, value: wrong.value, key: undefined }) };
}

function pairsFor(rng: Rng, chat: ChatPrompt, chosen: string): PreferencePair[] {
  const wrong = wrongAnswer(rng, chat);
  const rejected: { flaw: PreferenceFlaw; text: string }[] = [
    { flaw: 'verbose', text: verboseAnswer(rng, chosen) },
    wrong,
    { flaw: 'off_topic', text: offTopicAnswer(rng, chat) },
  ];
  return rejected.map(({ flaw, text }) => ({ prompt: chat.prompt, chosen, rejected: text, flaw }));
}

export function generatePreference(options: GenerateOptions): PreferenceItem[] {
  return generateItems('preference', options, (rng, difficulty) => {
    const chat = drawChatPrompt(rng, difficulty);
    const draft = chatDraft(chat);
    const pairs = pairsFor(rng, chat, draft.reference.answer);
    return { ...draft, extra: { ...draft.extra, pairs } };
  });
}
