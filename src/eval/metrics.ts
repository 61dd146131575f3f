/**
 * Benchmark statistics over repeated samples (evaluation.md §1). A problem has n samples, c of them
 * correct. avg@n is the mean correctness over every sample of every problem ("pass@1 averaged over
 * n"); pass@k is the unbiased estimator of Chen et al. (2021); the spread across runs treats run j
 * as the j-th sample of every problem, as NeMo-Skills does.
 */
import { CascadeError } from '../core/errors.ts';

/**
 * Unbiased pass@k = 1 − C(n−c, k)/C(n, k), as the product 1 − ∏_{i=n−c+1}^{n} (1 − k/i), which
 * stays exact where the binomials overflow; 1 when fewer than k samples are wrong.
 */
export function passAtK(n: number, c: number, k: number): number {
  if (
    !Number.isInteger(n) ||
    !Number.isInteger(c) ||
    !Number.isInteger(k) ||
    n < 1 ||
    c < 0 ||
    c > n ||
    k < 1 ||
    k > n
  ) {
    throw new CascadeError(
      'metrics',
      `pass@k needs integers 0 ≤ c ≤ n and 1 ≤ k ≤ n, got n=${n} c=${c} k=${k}`,
    );
  }
  if (n - c < k) return 1;
  let allWrong = 1;
  for (let i = n - c + 1; i <= n; i++) allWrong *= 1 - k / i;
  return 1 - allWrong;
}

/** Mean over problems of the per-problem mean score (avg@n); problems may have different n. */
export function averageAtN(scores: readonly (readonly number[])[]): number {
  nonEmpty(scores, 'avg@n');
  return mean(scores.map((row, index) => mean(nonEmpty(row, `problem ${index}`))));
}

/** Mean over problems of pass@k, from each problem's correctness list. Every problem needs ≥ k samples. */
export function meanPassAtK(correct: readonly (readonly boolean[])[], k: number): number {
  nonEmpty(correct, 'pass@k');
  return mean(correct.map((row) => passAtK(row.length, row.filter(Boolean).length, k)));
}

export interface RunSpread {
  /** Sample standard deviation (ddof 1) of the k per-run averages. */
  stdDevAcrossRuns: number;
  /** stdDevAcrossRuns / √k. */
  stdErrAcrossRuns: number;
  /** Mean over problems of the sample standard deviation of that problem's k scores. */
  avgSampleStdDev: number;
}

/** Spread over k ≥ 2 runs (run j = sample j of every problem); uses each problem's first k scores. */
export function runSpread(scores: readonly (readonly number[])[], k: number): RunSpread {
  nonEmpty(scores, 'run spread');
  if (k < 2) throw new CascadeError('metrics', `the spread across runs needs k ≥ 2 runs, got ${k}`);
  scores.forEach((row, index) => {
    if (row.length < k)
      throw new CascadeError('metrics', `problem ${index} has ${row.length} samples, fewer than k=${k}`);
  });
  const runs = Array.from({ length: k }, (_, run) => mean(scores.map((row) => row[run])));
  const stdDevAcrossRuns = sampleStdDev(runs);
  return {
    stdDevAcrossRuns,
    stdErrAcrossRuns: stdDevAcrossRuns / Math.sqrt(k),
    avgSampleStdDev: mean(scores.map((row) => sampleStdDev(row.slice(0, k)))),
  };
}

/**
 * majority@k for one problem: among the first k samples with an answer, the most common answer's
 * correctness; a tie between answers scores the mean correctness of the tied answers; no answer
 * at all scores 0 (NeMo-Skills `_compute_majority_at_k`).
 */
export function majorityAtK(
  answers: readonly (string | null)[],
  correct: readonly boolean[],
  k: number,
): number {
  const votes = new Map<string, { count: number; correct: boolean }>();
  for (let i = 0; i < Math.min(k, answers.length); i++) {
    const answer = answers[i];
    if (answer === null) continue;
    const vote = votes.get(answer) ?? { count: 0, correct: correct[i] };
    vote.count++;
    votes.set(answer, vote);
  }
  if (votes.size === 0) return 0;
  const top = Math.max(...[...votes.values()].map((vote) => vote.count));
  const tied = [...votes.values()].filter((vote) => vote.count === top);
  return mean(tied.map((vote) => (vote.correct ? 1 : 0)));
}

/** The k values worth reporting for n samples: powers of two up to n, and n itself. */
export function reportedKs(n: number): number[] {
  const ks: number[] = [];
  for (let k = 1; k <= n; k *= 2) ks.push(k);
  if (ks[ks.length - 1] !== n) ks.push(n);
  return ks;
}

export function mean(values: readonly number[]): number {
  nonEmpty(values, 'mean');
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

function sampleStdDev(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const average = mean(values);
  let sum = 0;
  for (const value of values) sum += (value - average) ** 2;
  return Math.sqrt(sum / (values.length - 1));
}

function nonEmpty<T extends { length: number }>(values: T, what: string): T {
  if (values.length === 0) throw new CascadeError('metrics', `${what}: nothing to aggregate`);
  return values;
}
