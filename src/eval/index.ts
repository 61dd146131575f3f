/** Evaluation: suites over local benchmark files → sampling through a Generator → verifiers → metrics → tables. */
export { defaultSampling, type SamplingSettings } from './defaults.ts';
export {
  type GeneratedCompletion,
  type GenerationRequest,
  type Generator,
  scoringText,
} from './generator.ts';
export { type ChatGeneratorOptions, createChatGenerator } from './generators/chat.ts';
export { type CompletionGeneratorOptions, createCompletionGenerator } from './generators/completion.ts';
export { createEngineGenerator, type EngineGeneratorOptions } from './generators/engine.ts';
export {
  averageAtN,
  majorityAtK,
  meanPassAtK,
  passAtK,
  type RunSpread,
  reportedKs,
  runSpread,
} from './metrics.ts';
export { createProgressReporter, type ProgressReporter } from './progress.ts';
export {
  mapLimit,
  type ProgressEvent,
  type RunEvalOptions,
  runEval,
  type SuiteResult,
  type SuiteRun,
} from './run.ts';
export { readSampleLog, type SampleRecord, sampleKey } from './samples.ts';
export {
  type EvalItem,
  getSuite,
  SUITE_NAMES,
  type Suite,
  type SuiteMetrics,
  type SuiteName,
  type SuiteOptions,
} from './suites/index.ts';
export { resultsTable } from './table.ts';
export { fixedVerifierSet, openVerifierSet, type VerifierSet } from './verifier-set.ts';
