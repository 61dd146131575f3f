/**
 * What every benchmark suite provides: read the published files from a local folder, build the
 * prompt, score one completion through a verifier, and reduce the verdicts to metrics. Suites never
 * download and never sample; the harness (run.ts) does the sampling.
 */
import type { Message, ToolDefinition } from '../../core/messages.ts';
import type { Verdict, Verifier, VerifyContext } from '../../core/verdict.ts';
import type { VerifierDomain } from '../../verifiers/registry.ts';
import type { GeneratedCompletion } from '../generator.ts';

export interface EvalItem<Task = unknown> {
  /** Stable id from the benchmark (its key, question_id, unique_id…), unique within the suite. */
  id: string;
  /** File and row the item came from, for error messages. */
  where: string;
  /** The verifier's task row, already validated. */
  task: Task;
  messages: Message[];
  tools?: ToolDefinition[];
}

/** Metric name → value; accuracies are fractions in [0, 1]. */
export type SuiteMetrics = Record<string, number>;

export interface Suite<Task = unknown> {
  readonly name: string;
  /** Benchmark name as the model cards print it. */
  readonly title: string;
  readonly domain: VerifierDomain;
  /** The metric the results table shows. */
  readonly headline: string;
  load(dir: string): Promise<EvalItem<Task>[]>;
  prompt(item: EvalItem<Task>): { messages: Message[]; tools?: ToolDefinition[] };
  score(
    item: EvalItem<Task>,
    completion: GeneratedCompletion,
    verify: Verifier<Task>,
    context?: VerifyContext,
  ): Promise<Verdict>;
  /** verdicts[i][j]: item i, sample j. */
  summarize(items: readonly EvalItem<Task>[], verdicts: readonly (readonly Verdict[])[]): SuiteMetrics;
}
