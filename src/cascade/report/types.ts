/** What a finished (or partial) cascade run hands to the report renderer: plain data, no I/O handles. */
export interface RunReportInput {
  name: string; // recipe name
  createdAt: string; // ISO time
  seeds: number[]; // the seeds aggregated (one for a single run)
  profile: string; // 'quick' | 'full'
  stages: {
    name: string;
    kind: 'sft' | 'reward-model' | 'grpo' | 'distill';
    domain?: string;
    steps: number;
    wallSeconds: number;
  }[];
  domains: string[]; // evaluation columns, in order
  /** evaluation after each stage ('base' = before the first stage may appear), per domain and mode; one score per seed in [0,1] */
  evaluations: {
    stage: string;
    domain: string;
    mode: 'think' | 'no_think';
    scores: number[];
    meanResponseTokens: number;
    detail?: Record<string, number>;
  }[];
  /** training metrics, one line per optimizer step */
  metrics: { stage: string; seed: number; step: number; values: Record<string, number> }[];
  /** the claims the issue asks the report to check, computed by the runner; the report prints them */
  checks?: { claim: string; holds: boolean; detail: string }[];
  /** free-form facts printed under "Run" (engine, model size, git commit, ...), in insertion order */
  facts?: Record<string, string>;
}

export type EvalMode = RunReportInput['evaluations'][number]['mode'];
export type StageKind = RunReportInput['stages'][number]['kind'];

/** The evaluation row name used for the model before the first stage. */
export const BASE_STAGE = 'base';
/** Both modes, in the order the report prints them (the paper reports thinking mode first). */
export const EVAL_MODES: readonly EvalMode[] = ['think', 'no_think'];
