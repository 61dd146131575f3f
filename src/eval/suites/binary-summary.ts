/** The metrics of a right/wrong benchmark: avg@n, pass@k, spread across runs, majority@n, errors. */
import type { Verdict } from '../../core/verdict.ts';
import { averageAtN, majorityAtK, mean, meanPassAtK, reportedKs, runSpread } from '../metrics.ts';
import type { SuiteMetrics } from './suite.ts';

/**
 * `answerOf` gives the extracted answer of a verdict (for majority voting), or null when none was
 * found; leave it out for suites where voting means nothing (code, tools).
 */
export function binarySummary(
  verdicts: readonly (readonly Verdict[])[],
  answerOf?: (verdict: Verdict) => string | null,
): SuiteMetrics {
  const correct = verdicts.map((row) => row.map((verdict) => verdict.correct));
  const scores = correct.map((row) => row.map((value) => (value ? 1 : 0)));
  const n = Math.min(...verdicts.map((row) => row.length));
  const metrics: SuiteMetrics = {
    items: verdicts.length,
    samples_per_item: n,
    accuracy: averageAtN(scores),
    errors: verdicts.flat().filter((verdict) => verdict.status !== 'scored').length,
  };
  for (const k of reportedKs(n)) metrics[`pass@${k}`] = meanPassAtK(correct, k);
  if (n >= 2) {
    const spread = runSpread(scores, n);
    metrics.std_dev_across_runs = spread.stdDevAcrossRuns;
    metrics.std_err_across_runs = spread.stdErrAcrossRuns;
    metrics.avg_sample_std_dev = spread.avgSampleStdDev;
  }
  if (answerOf) {
    const answers = verdicts.map((row) => row.map(answerOf));
    metrics[`majority@${n}`] = mean(answers.map((row, index) => majorityAtK(row, correct[index], n)));
    metrics.no_answer = answers.flat().filter((answer) => answer === null).length / answers.flat().length;
  }
  return metrics;
}

/** A string detail of a verdict, or null. */
export function detailText(verdict: Verdict, key: string): string | null {
  const value = verdict.details[key];
  return typeof value === 'string' && value !== '' ? value : null;
}
