/**
 * Final-answer math: AIME 2024, AIME 2025, MATH-500. Scored by the math verifier (last `\boxed{}`
 * against the gold answer, symbolic equivalence).
 *
 * Field mapping (first field present wins):
 * - id: `id` | `unique_id` | `ID` | `problem_idx`, else `<file>-<row>`
 * - problem: `problem` | `question` | `Problem`
 * - answer: `answer` | `Answer` (numbers become their decimal text)
 *
 * Published layouts this reads: HuggingFaceH4/aime_2024 (`data/train-*.parquet`: id, problem,
 * answer…), opencompass/AIME2025 (`aime2025-I.jsonl`, `aime2025-II.jsonl`: question, answer; ids
 * become `aime2025-I-0`…), HuggingFaceH4/MATH-500 (`test.jsonl`: problem, answer, unique_id…).
 */
import { type MathTask, mathTaskSchema } from '../../verifiers/math/index.ts';
import { scoringText } from '../generator.ts';
import { binarySummary, detailText } from './binary-summary.ts';
import { assertUniqueIds, idField, parseTask, textField } from './fields.ts';
import { readAllRows } from './files.ts';
import type { EvalItem, Suite } from './suite.ts';

/** The instruction most math evaluations append (NeMo-Skills `generic/math` asks the same). */
export const MATH_INSTRUCTION = 'Please reason step by step, and put your final answer within \\boxed{}.';

export function mathSuite(name: string, title: string): Suite<MathTask> {
  return {
    name,
    title,
    domain: 'math',
    headline: 'accuracy',
    async load(dir) {
      const items: EvalItem<MathTask>[] = (await readAllRows(dir)).map((source) => {
        const problem = textField(source, ['problem', 'question', 'Problem']);
        return {
          id: idField(source, ['id', 'unique_id', 'ID', 'problem_idx']),
          where: source.where,
          task: parseTask(mathTaskSchema, { answer: textField(source, ['answer', 'Answer']) }, source.where),
          messages: [{ role: 'user', content: `${problem}\n\n${MATH_INSTRUCTION}` }],
        };
      });
      assertUniqueIds(items, name);
      return items;
    },
    prompt: (item) => ({ messages: item.messages }),
    score: (item, completion, verify, context) => verify(item.task, scoringText(completion), context),
    summarize: (_items, verdicts) => binarySummary(verdicts, (verdict) => detailText(verdict, 'extracted')),
  };
}

export const aime24Suite = mathSuite('aime24', 'AIME 2024');
export const aime25Suite = mathSuite('aime25', 'AIME 2025');
export const math500Suite = mathSuite('math500', 'MATH-500');
