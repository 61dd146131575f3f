/**
 * The math verifier (Math RL reward: 1 when the final answer matches the gold, else 0; no format
 * reward). `mathVerifier` is self-contained: it decides on the main thread when it can and starts a
 * one-off worker otherwise (paying Compute Engine's ~0.3 s start each time). Loops that verify many
 * responses should build `createMathVerifier(createMathPool(...))` to keep warm workers.
 */
import type { Verdict, Verifier } from '../../core/verdict.ts';
import { createMathPool, defaultMathTimeoutMs, type MathPool } from './pool.ts';
import { defaultMathLimits, prepareMathCheck } from './prepare.ts';
import type { MathTask } from './task.ts';

/** A verifier that sends undecided checks to `pool`; closing the pool is the caller's job. */
export function createMathVerifier(pool: MathPool): Verifier<MathTask> {
  return (task, response, context) => pool.verify(task, response, context);
}

export const mathVerifier: Verifier<MathTask> = async (task, response, context = {}): Promise<Verdict> => {
  const prepared = prepareMathCheck(task.answer, response, defaultMathLimits);
  if (prepared.decided) return prepared.verdict;
  const pool = createMathPool({ workers: 1, timeoutMs: context.timeoutMs ?? defaultMathTimeoutMs });
  try {
    return await pool.verify(task, response, context);
  } finally {
    await pool.close();
  }
};
