/**
 * Which groups and prompts carry a gradient (paper-spec §3.2): DAPO's batch-level dynamic filter,
 * the epoch-level filter of Cascade's Math RL, and overlong filtering.
 */
import type { Rng } from '../core/rng.ts';

/** DAPO-style: a group whose rewards are all equal has zero advantage everywhere; drop it. */
export function hasLearningSignal(rewards: readonly number[]): boolean {
  return rewards.some((r) => r !== rewards[0]);
}

export interface PromptStats {
  id: string;
  /** Fraction of this epoch's rollouts of the prompt that were correct. */
  passRate: number;
}

export interface EpochFilterOptions {
  /** Probability that a prompt solved 0% of the time is kept anyway (10% in the paper). */
  readmitHard: number;
  /** Probability that a prompt solved 100% of the time is kept anyway (1% in the paper). */
  readmitEasy: number;
}

export const EPOCH_FILTER_DEFAULTS: EpochFilterOptions = { readmitHard: 0.1, readmitEasy: 0.01 };

/**
 * Cascade Math RL's epoch-level filter: after an epoch, prompts at 0% or 100% are dropped for the
 * next epoch, each re-admitted with its own small probability. Returns the ids kept.
 */
export function epochFilter(
  stats: readonly PromptStats[],
  rng: Rng,
  options = EPOCH_FILTER_DEFAULTS,
): Set<string> {
  const kept = new Set<string>();
  for (const { id, passRate } of stats) {
    if (passRate <= 0) {
      if (rng.next() < options.readmitHard) kept.add(id);
    } else if (passRate >= 1) {
      if (rng.next() < options.readmitEasy) kept.add(id);
    } else {
      kept.add(id);
    }
  }
  return kept;
}

/** Overlong filtering: a truncated rollout contributes no gradient (its loss weight is 0). */
export function overlongKeepMask(truncated: readonly boolean[]): boolean[] {
  return truncated.map((t) => !t);
}
