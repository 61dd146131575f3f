/** Instruction following (IF-RL reward; IFEval and IFBench scoring): the public surface. */
export { type InstructionAccuracy, ifevalReport, instructionAccuracy } from './aggregate.ts';
export type { InstructionChecker } from './checker.ts';
export { ifevalCheckers } from './ifeval/index.ts';
export { looseVariants, type ResponseVariant } from './loose.ts';
export { type InstructionSuite, instructionRegistry } from './registry.ts';
export { detectLanguage } from './text/language.ts';
export { countSentences } from './text/sentences.ts';
export { countCapitalWords, countWords } from './text/words.ts';
export {
  answerAfterThinking,
  type InstructionTask,
  type InstructionVerifierOptions,
  ifbenchVerifier,
  ifevalVerifier,
  instructionTaskSchema,
  instructionVerifier,
} from './verifier.ts';
export {
  checkInstructions,
  type InstructionMode,
  type InstructionResult,
  type InstructionRow,
  type InstructionsOutcome,
  type ModeOutcome,
  prepareInstructions,
  type VerifyInstructionsOptions,
  verifyInstructions,
} from './verify.ts';
