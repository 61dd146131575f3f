/**
 * The results as a Markdown table in the model cards' layout: one row per benchmark, in the order
 * of the Nemotron-Cascade tables, named with its metric (avg@n, EM for one sample), percentages to
 * one decimal.
 */
import type { SuiteResult } from './run.ts';

const ROW_ORDER = [
  'mmlu-pro',
  'gpqa-diamond',
  'ifeval',
  'ifbench',
  'aime24',
  'aime25',
  'math500',
  'livecodebench',
  'bfcl',
];

export function metricLabel(result: SuiteResult): string {
  const n = result.sampling.n;
  const average = n === 1 ? (result.suite === 'mmlu-pro' ? 'EM' : 'pass@1') : `avg@${n}`;
  if (result.headline === 'prompt_strict')
    return result.suite === 'ifeval' ? `strict prompt, ${average}` : `prompt, ${average}`;
  return average;
}

export function resultsTable(model: string, results: readonly SuiteResult[]): string {
  const rank = (suite: string) => {
    const at = ROW_ORDER.indexOf(suite);
    return at < 0 ? ROW_ORDER.length : at;
  };
  const rows = [...results]
    .sort((a, b) => rank(a.suite) - rank(b.suite))
    .map(
      (result) =>
        `| ${result.title} (${metricLabel(result)}) | ${(100 * result.metrics[result.headline]).toFixed(1)} |`,
    );
  return [`| Benchmark | ${model} |`, '| --- | --- |', ...rows].join('\n') + '\n';
}
