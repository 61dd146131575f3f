/**
 * The instruction-following verifiers (IFEval, IFBench) as `Verifier`s: the IF-RL reward R_IF is 1
 * when every instruction is followed in strict mode, else 0 (paper-spec §4.2). Loose results ride
 * along in `details`. A reasoning model's `<think>…</think>` block is not checked: only the text
 * after the last `</think>`; a think block that never closes leaves nothing to check, so every
 * instruction fails. An unknown id or bad kwargs is an `error` verdict, never a score.
 */
import { z } from 'zod';
import { isCascadeError } from '../../core/errors.ts';
import { failed, scored, type Verdict, type Verifier } from '../../core/verdict.ts';
import type { InstructionSuite } from './registry.ts';
import { checkInstructions, type InstructionMode, prepareInstructions } from './verify.ts';

export const instructionTaskSchema = z.object({
  instruction_id_list: z.array(z.string()),
  // Each checker validates its own kwargs; here only their shape as objects (or null) is checked.
  kwargs: z.array(
    z
      .custom<Record<string, unknown>>(
        (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
        'must be an object',
      )
      .nullable(),
  ),
  prompt: z.string().optional(),
});

export type InstructionTask = z.infer<typeof instructionTaskSchema>;

const THINK_OPEN = '<think>';
const THINK_CLOSE = '</think>';

/** The part of a response the instructions apply to, or undefined when it is still thinking. */
export function answerAfterThinking(response: string): string | undefined {
  const close = response.lastIndexOf(THINK_CLOSE);
  if (close >= 0) return response.slice(close + THINK_CLOSE.length);
  return response.includes(THINK_OPEN) ? undefined : response;
}

function verifyTask(
  suite: InstructionSuite,
  modes: readonly InstructionMode[],
  task: InstructionTask,
  response: string,
): Verdict {
  let instructions: ReturnType<typeof prepareInstructions>;
  try {
    instructions = prepareInstructions(task, suite);
  } catch (error) {
    if (isCascadeError(error))
      return failed('error', error.message, { code: error.code, where: error.where });
    throw error;
  }
  const answer = answerAfterThinking(response);
  if (answer === undefined) {
    const results = instructions.map(({ id, kwargs }) => ({
      id,
      kwargs,
      strict: false,
      ...(modes.includes('loose') ? { loose: false } : {}),
    }));
    return scored(0, false, 'the think block never closes: no answer to check', {
      checkedResponse: null,
      instructions: results,
    });
  }
  const outcome = checkInstructions(instructions, answer, task.prompt ?? '', modes);
  const strict = outcome.strict!;
  const missed = outcome.instructions.filter((result) => !result.strict).map((result) => result.id);
  const reason = strict.promptLevel
    ? `followed all ${strict.instructionsTotal} instructions (strict)`
    : `missed ${missed.length} of ${strict.instructionsTotal} instructions (strict): ${missed.join(', ')}`;
  return scored(strict.promptLevel ? 1 : 0, strict.promptLevel, reason, {
    checkedResponse: answer,
    instructions: outcome.instructions,
    strict: outcome.strict,
    loose: outcome.loose,
  });
}

export interface InstructionVerifierOptions {
  /**
   * Also score loose mode for `details` (IFEval reports both). The reward is strict either way, so
   * an RL loop can pass `false` and skip the seven extra response variants (about 5x faster).
   */
  loose?: boolean;
}

/** A verifier over one suite's ids; the task is validated with `instructionTaskSchema` first. */
export function instructionVerifier(
  suite: InstructionSuite,
  options: InstructionVerifierOptions = {},
): Verifier<InstructionTask> {
  const modes: InstructionMode[] = options.loose === false ? ['strict'] : ['strict', 'loose'];
  return async (task, response, context) => {
    if (context?.signal?.aborted) return failed('timeout', 'aborted before checking');
    const parsed = instructionTaskSchema.safeParse(task);
    if (!parsed.success) return failed('error', `bad instruction task: ${parsed.error.issues[0].message}`);
    return verifyTask(suite, modes, parsed.data, response);
  };
}

/** IFEval's 25 ids only (its benchmark and the IF-RL stage 1 constraints). */
export const ifevalVerifier: Verifier<InstructionTask> = instructionVerifier('ifeval');
/** IFBench's registry: its 58 new ids and the 25 classic ones (IF-RL stage 2 constraints). */
export const ifbenchVerifier: Verifier<InstructionTask> = instructionVerifier('ifbench');
