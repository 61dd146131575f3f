/**
 * Instruction following: "Write a line about <topic>." plus one to three IFEval constraints that fit
 * a one-line answer. Each constraint is the real IFEval id with kwargs its checker accepts, a short
 * instruction, and a rewrite of the answer; rewrites run in a fixed stage order (pick the sentence,
 * edit words, add tails, wrap, change case) so combined constraints all hold. The plain answer
 * (the topic's base sentence) breaks every constraint on its own.
 */
import type { Rng } from '../../core/rng.ts';
import { between, type Draft, generateItems, pick, userPrompt } from './generate.ts';
import {
  baseSentence,
  END_PHRASES,
  KEYWORDS,
  longSentence,
  SYNONYMS,
  shortSentence,
  TOPICS,
  type Topic,
  wordCount,
} from './ifeval-topics.ts';
import type { Difficulty, GenerateOptions, IfevalItem, IfevalRow } from './types.ts';

/** Rewrite order: 0 picks the sentence, 1 edits words, 2 adds tails, 3 wraps, 4 changes case. */
type Stage = 0 | 1 | 2 | 3 | 4;

interface DrawnConstraint {
  id: string;
  kwargs: Record<string, unknown>;
  instruction: string;
  /** A few words for the thinking reference. */
  note: string;
  stage: Stage;
  /** Order within a stage (wrappers: JSON inside the title, the title inside quotes). */
  order?: number;
  /** Kwargs that name the request itself (repeat_prompt's prompt_to_repeat). */
  requestKwargs?: (request: string) => Record<string, unknown>;
  rewrite(answer: string, request: string): string;
}

interface ConstraintKind {
  name: string;
  conflicts: readonly string[];
  /** Drawn only as an item's one constraint (its answer holds the whole request). */
  alone?: boolean;
  draw(rng: Rng, topic: Topic): DrawnConstraint;
}

const kinds: ConstraintKind[] = [
  {
    name: 'lowercase',
    conflicts: ['capital'],
    draw: () => ({
      id: 'change_case:english_lowercase',
      kwargs: {},
      instruction: 'Use only lowercase.',
      note: 'all lowercase',
      stage: 4,
      rewrite: (answer) => answer.toLowerCase(),
    }),
  },
  {
    name: 'capital',
    conflicts: ['lowercase'],
    draw: () => ({
      id: 'change_case:english_capital',
      kwargs: {},
      instruction: 'Use only capitals.',
      note: 'all capitals',
      stage: 4,
      rewrite: (answer) => answer.toUpperCase(),
    }),
  },
  {
    name: 'end',
    conflicts: ['postscript', 'json', 'words', 'bullets'],
    draw: (rng) => {
      const phrase = pick(rng, END_PHRASES);
      return {
        id: 'startend:end_checker',
        kwargs: { end_phrase: phrase },
        instruction: `End with "${phrase}"`,
        note: `end with "${phrase}"`,
        stage: 2,
        rewrite: (answer) => `${answer} ${phrase}`,
      };
    },
  },
  {
    name: 'quotation',
    conflicts: ['json', 'bullets'],
    draw: () => ({
      id: 'startend:quotation',
      kwargs: {},
      instruction: 'Wrap it in double quotes.',
      note: 'in quotes',
      stage: 3,
      order: 2,
      rewrite: (answer) => `"${answer}"`,
    }),
  },
  {
    name: 'title',
    conflicts: ['json', 'words'],
    draw: (_rng, topic) => ({
      id: 'detectable_format:title',
      kwargs: {},
      instruction: 'Add a title in <<>>.',
      note: `title <<${topic.title}>>`,
      stage: 3,
      order: 1,
      rewrite: (answer) => `<<${topic.title}>>\n${answer}`,
    }),
  },
  {
    name: 'keyword',
    conflicts: ['words', 'bullets'],
    draw: (rng) => {
      const keyword = pick(rng, KEYWORDS);
      return {
        id: 'keywords:existence',
        kwargs: { keywords: [keyword] },
        instruction: `Use the word ${keyword}.`,
        note: `use ${keyword}`,
        stage: 1,
        rewrite: (answer) => `${answer} I think of ${keyword}.`,
      };
    },
  },
  {
    name: 'forbidden',
    conflicts: [],
    draw: (_rng, topic) => {
      const word = topic.attributes[0];
      return {
        id: 'keywords:forbidden_words',
        kwargs: { forbidden_words: [word] },
        instruction: `Avoid the word ${word}.`,
        note: `say ${SYNONYMS[word]} not ${word}`,
        stage: 1,
        rewrite: (answer) => answer.replace(new RegExp(`\\b${word}\\b`, 'g'), SYNONYMS[word]),
      };
    },
  },
  {
    name: 'no_comma',
    conflicts: ['words'],
    draw: () => ({
      id: 'punctuation:no_comma',
      kwargs: {},
      instruction: 'No commas.',
      note: 'no commas',
      stage: 1,
      rewrite: (answer) => answer.replaceAll(',', ' and'),
    }),
  },
  {
    name: 'words',
    conflicts: ['end', 'title', 'keyword', 'no_comma', 'bullets', 'postscript', 'highlight', 'json'],
    draw: (rng, topic) => {
      const base = wordCount(baseSentence(topic));
      if (rng.int(2) === 0) {
        const limit = between(rng, wordCount(shortSentence(topic)) + 1, base);
        return {
          id: 'length_constraints:number_words',
          kwargs: { num_words: limit, relation: 'less than' },
          instruction: `Use under ${limit} words.`,
          note: `under ${limit} words`,
          stage: 0,
          rewrite: () => shortSentence(topic),
        };
      }
      const limit = between(rng, base + 1, wordCount(longSentence(topic)));
      return {
        id: 'length_constraints:number_words',
        kwargs: { num_words: limit, relation: 'at least' },
        instruction: `Use at least ${limit} words.`,
        note: `at least ${limit} words`,
        stage: 0,
        rewrite: () => longSentence(topic),
      };
    },
  },
  {
    name: 'bullets',
    conflicts: ['words', 'json', 'quotation', 'highlight', 'keyword', 'end'],
    draw: (rng, topic) => {
      const count = between(rng, 2, 3);
      return {
        id: 'detectable_format:number_bullet_lists',
        kwargs: { num_bullets: count },
        instruction: `Give ${count} bullet points.`,
        note: `${count} bullets`,
        stage: 0,
        rewrite: () =>
          topic.attributes
            .slice(0, count)
            .map((attribute) => `* ${attribute}`)
            .join('\n'),
      };
    },
  },
  {
    name: 'postscript',
    conflicts: ['end', 'json', 'words'],
    draw: () => ({
      id: 'detectable_content:postscript',
      kwargs: { postscript_marker: 'P.S.' },
      instruction: 'Add a P.S. at the end.',
      note: 'add a P.S',
      stage: 2,
      rewrite: (answer) => `${answer}\nP.S. I like it.`,
    }),
  },
  {
    name: 'highlight',
    conflicts: ['words', 'bullets'],
    draw: (_rng, topic) => {
      const word = topic.attributes[1];
      return {
        id: 'detectable_format:number_highlighted_sections',
        kwargs: { num_highlights: 1 },
        instruction: 'Highlight a word with *.',
        note: `highlight *${word}*`,
        stage: 1,
        rewrite: (answer) => answer.replace(new RegExp(`\\b${word}\\b`), `*${word}*`),
      };
    },
  },
  {
    // IFEval's repeat_prompt: the request (without this sentence) word for word, then the answer;
    // the one constraint that asks to copy the prompt, which a model trained from scratch must learn.
    name: 'repeat',
    conflicts: [],
    alone: true,
    draw: () => ({
      id: 'combination:repeat_prompt',
      kwargs: {},
      requestKwargs: (request) => ({ prompt_to_repeat: request }),
      instruction: 'First repeat the request.',
      note: 'repeat the request first',
      stage: 3,
      order: 3,
      rewrite: (answer, request) => `${request}\n${answer}`,
    }),
  },
  {
    name: 'json',
    conflicts: ['quotation', 'title', 'postscript', 'end', 'bullets', 'words'],
    draw: () => ({
      id: 'detectable_format:json_format',
      kwargs: {},
      instruction: 'Answer in JSON.',
      note: 'JSON',
      stage: 3,
      order: 0,
      rewrite: (answer) => JSON.stringify({ answer }),
    }),
  },
];

const CONSTRAINT_COUNT: Record<Difficulty, number> = { easy: 1, medium: 2, hard: 3 };

/** Up to `count` pairwise compatible kinds, in random order. */
function drawKinds(rng: Rng, count: number): ConstraintKind[] {
  const chosen: ConstraintKind[] = [];
  for (const kind of rng.shuffle(kinds.filter((candidate) => count === 1 || !candidate.alone))) {
    if (chosen.length === count) break;
    const clashes = chosen.some(
      (other) => other.conflicts.includes(kind.name) || kind.conflicts.includes(other.name),
    );
    if (!clashes) chosen.push(kind);
  }
  return chosen;
}

/** Applies the rewrites in stage order, starting from the topic's plain sentence. */
export function followConstraints(
  topic: Topic,
  constraints: readonly DrawnConstraint[],
  request: string,
): string {
  const ordered = [...constraints].sort((a, b) => a.stage - b.stage || (a.order ?? 0) - (b.order ?? 0));
  return ordered.reduce((answer, constraint) => constraint.rewrite(answer, request), baseSentence(topic));
}

function drawIfeval(rng: Rng, difficulty: Difficulty): Draft<IfevalRow> {
  const topic = pick(rng, TOPICS);
  const constraints = drawKinds(rng, CONSTRAINT_COUNT[difficulty]).map((kind) => kind.draw(rng, topic));
  const instructions = (kept: readonly DrawnConstraint[]) => kept.map((c) => c.instruction).join(' ');
  const prompt = `Write a line about ${topic.name}. ${instructions(constraints)}`;
  // the request to repeat is the prompt without the repeat instruction, as in IFEval
  const request =
    `Write a line about ${topic.name}. ${instructions(constraints.filter((c) => !c.requestKwargs))}`.trim();
  return {
    messages: userPrompt(prompt),
    task: {
      instruction_id_list: constraints.map((constraint) => constraint.id),
      kwargs: constraints.map((constraint) => constraint.requestKwargs?.(request) ?? constraint.kwargs),
      prompt,
    },
    reference: {
      reasoning: `Topic: ${topic.name}. Rules: ${constraints.map((c) => c.note).join('; ')}`,
      answer: followConstraints(topic, constraints, request),
    },
  };
}

export function generateIfeval(options: GenerateOptions): IfevalItem[] {
  return generateItems('ifeval', options, drawIfeval);
}

/** The answer that ignores every constraint: the topic's plain sentence (for tests and baselines). */
export function plainIfevalAnswer(item: IfevalItem): string {
  const topic = TOPICS.find((candidate) =>
    item.task.prompt.startsWith(`Write a line about ${candidate.name}.`),
  );
  return topic ? baseSentence(topic) : '';
}
