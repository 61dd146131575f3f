import { CascadeError } from '../../core/errors.ts';

/** Mean of per-seed scores with its uncertainty; `standardError`/`halfWidth95` are null for one seed. */
export interface ScoreSummary {
  n: number;
  mean: number;
  /** sample standard deviation / √n (null when n = 1: one seed says nothing about spread) */
  standardError: number | null;
  /** half-width of the two-sided 95% Student-t interval: mean ± halfWidth95 */
  halfWidth95: number | null;
}

// t_{0.975, df} for df = 1..30 (standard table values); beyond 30 the series below is within 1e-5.
const T975 = [
  12.706204736, 4.30265273, 3.182446305, 2.776445105, 2.570581836, 2.446911851, 2.364624252, 2.306004135,
  2.262157163, 2.228138852, 2.20098516, 2.17881283, 2.160368656, 2.144786688, 2.131449546, 2.119905299,
  2.109815578, 2.10092204, 2.093024054, 2.085963447, 2.079613845, 2.073873068, 2.06865761, 2.063898562,
  2.059538553, 2.055529439, 2.051830516, 2.048407142, 2.045229642, 2.042272456,
];
const Z975 = 1.959963984540054;

/** The 0.975 quantile of Student's t with `df` degrees of freedom (the 95% two-sided critical value). */
export function studentT975(df: number): number {
  if (!Number.isInteger(df) || df < 1) {
    throw new CascadeError('report-bad-df', `degrees of freedom must be a positive integer, got ${df}`);
  }
  if (df <= T975.length) return T975[df - 1];
  // Cornish–Fisher expansion of the t quantile around the normal one (Abramowitz & Stegun 26.7.5).
  const z = Z975;
  const g1 = (z ** 3 + z) / 4;
  const g2 = (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96;
  const g3 = (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / 384;
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3;
}

/** Mean, standard error and 95% t-interval half-width of one score per seed. */
export function summarise(scores: readonly number[]): ScoreSummary {
  if (scores.length === 0) throw new CascadeError('report-no-scores', 'cannot summarise an empty score list');
  const bad = scores.findIndex((s) => !Number.isFinite(s));
  if (bad >= 0)
    throw new CascadeError('report-bad-score', `score ${scores[bad]} is not a finite number`, {
      where: `scores[${bad}]`,
    });
  const n = scores.length;
  const mean = scores.reduce((sum, s) => sum + s, 0) / n;
  if (n === 1) return { n, mean, standardError: null, halfWidth95: null };
  const variance = scores.reduce((sum, s) => sum + (s - mean) ** 2, 0) / (n - 1);
  const standardError = Math.sqrt(variance / n);
  return { n, mean, standardError, halfWidth95: studentT975(n - 1) * standardError };
}
