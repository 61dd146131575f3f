/**
 * The loop every suite shares: draw candidate prompts from a seeded stream, keep those whose prompt
 * text hashes into the requested split and has not been drawn before. The split is a function of
 * the prompt text alone, so train and eval never share a prompt whatever seeds they use.
 */
import { CascadeError } from '../../core/errors.ts';
import type { Message } from '../../core/messages.ts';
import { Rng } from '../../core/rng.ts';
import type {
  Difficulty,
  DifficultyMix,
  GenerateOptions,
  TaskDomain,
  TaskItem,
  TaskSplit,
  TeacherReference,
} from './types.ts';

export const DIFFICULTIES: readonly Difficulty[] = ['easy', 'medium', 'hard'];

/** One prompt in five is held out for evaluation. */
const EVAL_BUCKETS = 5;
/** Attempts per wanted item before the prompt space counts as exhausted. */
const ATTEMPTS_PER_ITEM = 200;

/** 32-bit FNV-1a over UTF-16 code units: stable across runs and platforms. */
export function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** The text that decides an item's split and uniqueness: every message, role and content. */
export function promptKey(messages: readonly Message[]): string {
  return messages.map((message) => `${message.role}\u0000${message.content ?? ''}`).join('\u0001');
}

/** Which split a prompt belongs to. */
export function splitOfPrompt(messages: readonly Message[]): TaskSplit {
  return hashText(promptKey(messages)) % EVAL_BUCKETS === 0 ? 'eval' : 'train';
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.int(items.length)];
}

/** `count` distinct items of `items`, in random order. */
export function pickDistinct<T>(rng: Rng, items: readonly T[], count: number): T[] {
  return rng.shuffle([...items]).slice(0, count);
}

/** Integer uniform in [low, high]. */
export function between(rng: Rng, low: number, high: number): number {
  return low + rng.int(high - low + 1);
}

function difficultyWeights(mix: DifficultyMix | undefined, where: string): [Difficulty, number][] {
  if (mix === undefined) return DIFFICULTIES.map((level) => [level, 1]);
  if (typeof mix === 'string') {
    if (!DIFFICULTIES.includes(mix))
      throw new CascadeError('tasks', `unknown difficulty ${mix} (easy, medium or hard)`, { where });
    return [[mix, 1]];
  }
  const weights = DIFFICULTIES.map((level): [Difficulty, number] => [level, mix[level] ?? 0]);
  for (const key of Object.keys(mix))
    if (!DIFFICULTIES.includes(key as Difficulty))
      throw new CascadeError('tasks', `unknown difficulty ${key} (easy, medium or hard)`, { where });
  if (
    weights.some(([, weight]) => !Number.isFinite(weight) || weight < 0) ||
    weights.every(([, w]) => w === 0)
  )
    throw new CascadeError('tasks', 'difficulty weights must be finite, non-negative and not all 0', {
      where,
    });
  return weights;
}

function drawDifficulty(rng: Rng, weights: [Difficulty, number][]): Difficulty {
  const total = weights.reduce((sum, [, weight]) => sum + weight, 0);
  let point = rng.next() * total;
  for (const [level, weight] of weights) {
    point -= weight;
    if (point < 0) return level;
  }
  return weights.filter(([, weight]) => weight > 0).at(-1)![0];
}

/** What a suite's draw function returns for one candidate prompt. */
export interface Draft<Task> {
  messages: Message[];
  task: Task;
  reference: TeacherReference;
}

function checkOptions(domain: TaskDomain, options: GenerateOptions): void {
  const where = `tasks.${domain}`;
  if (!Number.isInteger(options.seed)) throw new CascadeError('tasks', 'seed must be an integer', { where });
  if (!Number.isInteger(options.count) || options.count < 0)
    throw new CascadeError('tasks', 'count must be a non-negative integer', { where });
  if (options.split !== 'train' && options.split !== 'eval')
    throw new CascadeError('tasks', `split must be train or eval, not ${options.split}`, { where });
}

/**
 * Draws items until `count` distinct prompts of the requested split are found. `extend` adds a
 * suite's extra fields to an item. Throws when the suite's prompt space runs out.
 */
export function generateItems<Task, Extra extends object = object>(
  domain: TaskDomain,
  options: GenerateOptions,
  draw: (rng: Rng, difficulty: Difficulty) => Draft<Task> & { extra?: Extra },
): (TaskItem<Task> & Extra)[] {
  checkOptions(domain, options);
  const weights = difficultyWeights(options.difficulty, `tasks.${domain}.difficulty`);
  // the seed, the domain and the split each pick their own stream
  const rng = new Rng(hashText(`${domain}:${options.split}:${options.seed}`));
  const seen = new Set<string>();
  const items: (TaskItem<Task> & Extra)[] = [];
  const maxAttempts = (options.count + 5) * ATTEMPTS_PER_ITEM;
  for (let attempt = 0; items.length < options.count && attempt < maxAttempts; attempt++) {
    const difficulty = drawDifficulty(rng, weights);
    const { extra, ...draft } = draw(rng, difficulty);
    const key = promptKey(draft.messages);
    if (splitOfPrompt(draft.messages) !== options.split || seen.has(key)) continue;
    seen.add(key);
    const id = `${domain}-${options.split}-${options.seed}-${items.length}`;
    items.push({ id, domain, split: options.split, difficulty, ...draft, ...(extra as Extra) });
  }
  if (items.length < options.count)
    throw new CascadeError(
      'tasks',
      `only ${items.length} distinct ${options.split} prompts found, ${options.count} asked: the suite's prompt space is too small for that count`,
      { where: `tasks.${domain}` },
    );
  return items;
}

/** A user-only prompt. */
export function userPrompt(content: string): Message[] {
  return [{ role: 'user', content }];
}
