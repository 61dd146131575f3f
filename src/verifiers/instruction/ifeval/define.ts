/**
 * How each IFEval checker is declared: a strict zod kwargs object (unknown keys are an error; the
 * published rows write null for a key an instruction does not use, which reads as absent), the
 * shared kwarg types, and the two comparison relations.
 */
import { z } from 'zod';
import type { InstructionChecker } from '../checker.ts';
import { compilePythonPattern } from '../text/python-regex.ts';

function dropNulls(value: unknown): unknown {
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) return value;
  const present: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value))
    if (entry !== null && entry !== undefined) present[key] = entry;
  return present;
}

/** A strict kwargs object: unknown keys are an error, null means absent. */
export function kwargsSchema<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.preprocess(dropNulls, z.strictObject(shape));
}

/** A threshold count. Upstream replaces a missing or negative one with a random draw; here it is an error. */
export const count = () => z.number().int().nonnegative();

/** A string IFEval uses as a Python regular expression; one JS cannot compile is rejected here. */
export const pythonPattern = () =>
  z.string().refine(
    (pattern) => {
      try {
        compilePythonPattern(pattern);
        return true;
      } catch {
        return false;
      }
    },
    { message: 'not a regular expression this verifier can compile' },
  );

/** IFEval's two relations: `less than` is strict, `at least` is inclusive. */
export const relation = () => z.enum(['less than', 'at least']);
export type Relation = z.infer<ReturnType<typeof relation>>;

export function compare(actual: number, how: Relation, threshold: number): boolean {
  return how === 'less than' ? actual < threshold : actual >= threshold;
}

/** Types one checker by its own kwargs, and hands it over as a member of the untyped list. */
export function defineChecker<Kwargs>(checker: InstructionChecker<Kwargs>): InstructionChecker {
  return checker as unknown as InstructionChecker;
}
