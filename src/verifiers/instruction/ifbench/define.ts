/**
 * How each IFBench checker is declared: its kwargs as a strict zod object whose null entries read
 * as absent (the published kwargs write null for an unused key), and one pure `check`.
 */
import { z } from 'zod';
import type { InstructionChecker } from '../checker.ts';

function dropNulls(value: unknown): unknown {
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.entries(value).filter(([, entry]) => entry !== null && entry !== undefined),
  );
}

/** A strict kwargs object: unknown keys are an error, null means absent. */
export function kwargsSchema<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.preprocess(dropNulls, z.strictObject(shape));
}

/** A count, position or length kwarg. */
export const count = () => z.number().int().nonnegative();
/** A 1-based position or a divisor: zero would index from the end or divide by zero upstream. */
export const position = () => z.number().int().positive();

/** Types one checker by its own kwargs, and hands it over as a member of the untyped list. */
export function defineChecker<Kwargs>(checker: InstructionChecker<Kwargs>): InstructionChecker {
  return checker as unknown as InstructionChecker;
}
