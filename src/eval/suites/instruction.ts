/**
 * Instruction following: IFEval (google/IFEval `ifeval_input_data.jsonl` or its Parquet) and
 * IFBench (allenai/IFBench_test `IFBench_test.jsonl`). Rows are `{key, prompt, instruction_id_list,
 * kwargs}`; null kwargs keys (the Parquet conversion fills every key) count as absent. The prompt
 * is sent as it is. Metrics over every sample: prompt- and instruction-level accuracy in strict
 * and loose mode (IFEval's definitions); the headline is prompt-strict, as the model cards report.
 * An error verdict (unknown id, bad kwargs) counts as every instruction missed, and in `errors`.
 */
import type { Verdict } from '../../core/verdict.ts';
import {
  type InstructionTask,
  instructionTaskSchema,
  type ModeOutcome,
} from '../../verifiers/instruction/index.ts';
import { scoringText } from '../generator.ts';
import { binarySummary } from './binary-summary.ts';
import { assertUniqueIds, idField, parseTask, pick, textField } from './fields.ts';
import { readAllRows } from './files.ts';
import type { EvalItem, Suite, SuiteMetrics } from './suite.ts';

function instructionSuite(name: 'ifeval' | 'ifbench', title: string): Suite<InstructionTask> {
  return {
    name,
    title,
    domain: name,
    headline: 'prompt_strict',
    async load(dir) {
      const items: EvalItem<InstructionTask>[] = (await readAllRows(dir)).map((source) => {
        const prompt = textField(source, ['prompt']);
        const task = parseTask(
          instructionTaskSchema,
          {
            instruction_id_list: pick(source, ['instruction_id_list']),
            kwargs: pick(source, ['kwargs']),
            prompt,
          },
          source.where,
        );
        return {
          id: idField(source, ['key', 'id']),
          where: source.where,
          task,
          messages: [{ role: 'user', content: prompt }],
        };
      });
      assertUniqueIds(items, name);
      return items;
    },
    prompt: (item) => ({ messages: item.messages }),
    score: (item, completion, verify, context) => verify(item.task, scoringText(completion), context),
    summarize: instructionSummary,
  };
}

export function instructionSummary(
  items: readonly EvalItem<InstructionTask>[],
  verdicts: readonly (readonly Verdict[])[],
): SuiteMetrics {
  const totals = {
    strict: { prompts: 0, followed: 0, instructions: 0, instructionsFollowed: 0 },
    loose: { prompts: 0, followed: 0, instructions: 0, instructionsFollowed: 0 },
  };
  verdicts.forEach((row, index) => {
    const count = items[index].task.instruction_id_list.length;
    for (const verdict of row) {
      for (const mode of ['strict', 'loose'] as const) {
        const outcome = verdict.details[mode] as ModeOutcome | undefined;
        const tally = totals[mode];
        tally.prompts++;
        tally.instructions += count;
        if (verdict.status === 'scored' && outcome) {
          if (outcome.promptLevel) tally.followed++;
          tally.instructionsFollowed += outcome.instructionsFollowed;
        }
      }
    }
  });
  const base = binarySummary(verdicts);
  return {
    ...base,
    prompt_strict: totals.strict.followed / totals.strict.prompts,
    instruction_strict: totals.strict.instructionsFollowed / totals.strict.instructions,
    prompt_loose: totals.loose.followed / totals.loose.prompts,
    instruction_loose: totals.loose.instructionsFollowed / totals.loose.instructions,
  };
}

export const ifevalSuite = instructionSuite('ifeval', 'IFEval');
export const ifbenchSuite = instructionSuite('ifbench', 'IFBench');
