/**
 * One instruction checker per instruction id, as IFEval and IFBench define them: its id, the
 * schema of its kwargs, and one `check`. Checkers are pure and hold no state between calls.
 */
import type { z } from 'zod';

export interface InstructionChecker<Kwargs = Record<string, unknown>> {
  /** Stable namespaced id exactly as the benchmark writes it, e.g. `punctuation:no_comma`. */
  readonly id: string;
  /** Validates (and defaults) the kwargs of one instruction; unknown keys are an error. */
  readonly kwargs: z.ZodType<Kwargs>;
  /** Whether `response` follows the instruction. `prompt` is given for the checkers that need it. */
  check(response: string, kwargs: Kwargs, prompt: string): boolean;
}
