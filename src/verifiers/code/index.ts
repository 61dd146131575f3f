export { type Comparison, compareCallResult, compareStdout, parseDecimal, pythonEquals } from './compare.ts';
export { answerText, type Extraction, extractCode, fencedBlocks } from './extract.ts';
export {
  codeTaskFromInputOutput,
  codeTaskFromLiveCodeBench,
  type InputOutputRecord,
  type LiveCodeBenchTest,
} from './formats.ts';
export { callHarness, parseHarnessOutput, RESULT_MARKER } from './harness.ts';
export { type CodeTask, type CodeTaskInput, codeLanguageSchema, codeTaskSchema } from './task.ts';
export {
  type CodeRunner,
  type CodeVerifierOptions,
  createCodeVerifier,
  type TestReport,
  type TestStatus,
} from './verifier.ts';
