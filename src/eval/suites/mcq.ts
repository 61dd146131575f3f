/**
 * Multiple choice: GPQA-Diamond and MMLU-Pro, scored by the MCQ verifier (the letter on the
 * answer's last `Answer: X` line, or its fallbacks).
 *
 * GPQA-Diamond field mapping (the columns of `gpqa_diamond.csv`, here as JSONL or the Hub's
 * Parquet conversion): `Question`, `Correct Answer`, `Incorrect Answer 1..3`, id `Record ID`.
 * GPQA lists the correct answer first, so the four options are shuffled per question, as every
 * harness does. Ours: a Fisher–Yates shuffle driven by Cascade's Rng seeded with FNV-1a of
 * `<seed>:<Record ID>` (default seed 0), so the order is fixed per question, independent of row
 * order and of other questions, and changes with `gpqaSeed`. It does not reproduce any Python
 * harness's `random.shuffle` order; scores agree only in expectation.
 *
 * MMLU-Pro field mapping (TIGER-Lab/MMLU-Pro `data/test-*.parquet`): `question`, `options` (up to 10;
 * trailing "N/A" padding dropped, as MMLU-Pro's own script does), gold `answer` (letter) or
 * `answer_index`, id `question_id`.
 */
import { CascadeError } from '../../core/errors.ts';
import { Rng } from '../../core/rng.ts';
import { type McqTask, mcqTaskSchema } from '../../verifiers/mcq/index.ts';
import { scoringText } from '../generator.ts';
import { binarySummary, detailText } from './binary-summary.ts';
import { assertUniqueIds, idField, parseTask, pick, textField } from './fields.ts';
import { readAllRows, type SourceRow } from './files.ts';
import type { EvalItem, Suite } from './suite.ts';

const LETTERS = 'ABCDEFGHIJ';

export function mcqPrompt(question: string, options: readonly string[]): string {
  const letters = LETTERS.slice(0, options.length).split('');
  const listed = options.map((option, index) => `${letters[index]}) ${option}`).join('\n');
  return `Answer the following multiple-choice question. Think it through, then make the last line of your response exactly "Answer: X", where X is one of ${letters.join(', ')}.\n\n${question.trim()}\n\n${listed}`;
}

/** 32-bit FNV-1a of a string (UTF-16 code units; stable and dependency-free). */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** GPQA's options shuffled for one question, and the letter the correct one landed on. */
export function shuffleGpqaOptions(
  correct: string,
  incorrect: readonly string[],
  id: string,
  seed: number,
): { options: string[]; answer: string } {
  const order = new Rng(fnv1a(`${seed}:${id}`)).shuffle([0, 1, 2, 3].slice(0, incorrect.length + 1));
  const pool = [correct, ...incorrect];
  return { options: order.map((index) => pool[index].trim()), answer: LETTERS[order.indexOf(0)] };
}

function mcqItem(
  source: SourceRow,
  id: string,
  question: string,
  options: string[],
  answer: string,
): EvalItem<McqTask> {
  return {
    id,
    where: source.where,
    task: parseTask(mcqTaskSchema, { answer, num_choices: options.length }, source.where),
    messages: [{ role: 'user', content: mcqPrompt(question, options) }],
  };
}

function mcqSuite(
  name: string,
  title: string,
  toItem: (source: SourceRow) => EvalItem<McqTask>,
): Suite<McqTask> {
  return {
    name,
    title,
    domain: 'mcq',
    headline: 'accuracy',
    async load(dir) {
      const items = (await readAllRows(dir)).map(toItem);
      assertUniqueIds(items, name);
      return items;
    },
    prompt: (item) => ({ messages: item.messages }),
    score: (item, completion, verify, context) => verify(item.task, scoringText(completion), context),
    summarize: (_items, verdicts) => binarySummary(verdicts, (verdict) => detailText(verdict, 'predicted')),
  };
}

export function gpqaDiamondSuite(seed = 0): Suite<McqTask> {
  return mcqSuite('gpqa-diamond', 'GPQA-Diamond', (source) => {
    const id = idField(source, ['Record ID', 'id']);
    const incorrect = [1, 2, 3].map((k) => textField(source, [`Incorrect Answer ${k}`]));
    const { options, answer } = shuffleGpqaOptions(
      textField(source, ['Correct Answer']),
      incorrect,
      id,
      seed,
    );
    return mcqItem(source, id, textField(source, ['Question']), options, answer);
  });
}

export const mmluProSuite: Suite<McqTask> = mcqSuite('mmlu-pro', 'MMLU-Pro', (source) => {
  const raw = pick(source, ['options']);
  if (!Array.isArray(raw) || raw.some((option) => typeof option !== 'string')) {
    throw new CascadeError('eval_data', 'options must be a list of strings', { where: source.where });
  }
  const options = [...(raw as string[])];
  while (options.length > 0 && options[options.length - 1] === 'N/A') options.pop();
  const letter = pick(source, ['answer']);
  const index = pick(source, ['answer_index']);
  const answer = typeof letter === 'string' ? letter : typeof index === 'number' ? LETTERS[index] : undefined;
  if (answer === undefined)
    throw new CascadeError('eval_data', 'missing field: answer or answer_index', { where: source.where });
  return mcqItem(
    source,
    idField(source, ['question_id', 'id']),
    textField(source, ['question']),
    options,
    answer,
  );
});
