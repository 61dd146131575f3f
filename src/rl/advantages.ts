/**
 * GRPO's group-normalised advantage (paper-spec §3.1): Â_i = (r_i − mean_j r_j) / std_j r_j, the
 * same for every token of rollout i. The std is the unbiased one with a small ε, as verl computes
 * it; a group whose rewards are all equal carries no signal and gets advantage 0.
 */

export interface AdvantageOptions {
  /** 'sample' (n − 1, verl's torch.std) or 'population' (n). */
  std?: 'sample' | 'population';
  epsilon?: number;
  /** Dr. GRPO-style: subtract the mean only. */
  normalizeByStd?: boolean;
}

export function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return values.length === 0 ? 0 : sum / values.length;
}

export function standardDeviation(
  values: readonly number[],
  kind: 'sample' | 'population' = 'sample',
): number {
  const n = values.length;
  const denominator = kind === 'sample' ? n - 1 : n;
  if (denominator <= 0) return 0;
  const m = mean(values);
  let squares = 0;
  for (const v of values) squares += (v - m) * (v - m);
  return Math.sqrt(squares / denominator);
}

/** Advantages of one group of rollouts of the same prompt. */
export function groupAdvantages(rewards: readonly number[], options: AdvantageOptions = {}): number[] {
  const m = mean(rewards);
  const allEqual = rewards.every((r) => r === rewards[0]);
  if (allEqual) return rewards.map(() => 0);
  if (options.normalizeByStd === false) return rewards.map((r) => r - m);
  const s = standardDeviation(rewards, options.std ?? 'sample');
  const epsilon = options.epsilon ?? 1e-6;
  return rewards.map((r) => (r - m) / (s + epsilon));
}

/** Z-scores within a group (std 0 → all zero), used for reward-model scores and reward shaping. */
export function groupZScores(values: readonly number[], kind: 'sample' | 'population' = 'sample'): number[] {
  const m = mean(values);
  const s = standardDeviation(values, kind);
  return values.map((v) => (s === 0 ? 0 : (v - m) / s));
}
