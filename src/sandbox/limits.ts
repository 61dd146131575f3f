/** Default limits and the checks that keep a caller's limits sane. */
import { CascadeError } from '../core/errors.ts';
import type { Limits } from './types.ts';

/** One test case, as LiveCodeBench runs it: 6 s, with room for an interpreter's start-up. */
export const DEFAULT_RUN_LIMITS: Limits = Object.freeze({
  wallMs: 6_000,
  cpuMs: 6_000,
  memoryMb: 1_024,
  processes: 64,
  fileSizeMb: 64,
  outputBytes: 1 << 20,
});

/** One g++ -O2 compilation: generous, yet a template bomb still stops within seconds. */
export const DEFAULT_COMPILE_LIMITS: Limits = Object.freeze({
  wallMs: 20_000,
  cpuMs: 20_000,
  memoryMb: 2_048,
  processes: 32,
  fileSizeMb: 256,
  outputBytes: 64 << 10,
});

/** Fills missing fields from `base` and rejects non-positive or non-finite values. */
export function resolveLimits(partial: Partial<Limits> | undefined, base: Limits): Limits {
  const limits = { ...base, ...(partial ?? {}) };
  for (const [key, value] of Object.entries(limits)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new CascadeError('sandbox_bad_limits', `limit must be a positive number, got ${String(value)}`, {
        where: `limits.${key}`,
      });
    }
  }
  return limits;
}
