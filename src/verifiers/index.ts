/** The verifiers' public surface: the registry, and each domain's verifier and task schema. */
export { codeTaskSchema, createCodeVerifier } from './code/index.ts';
export { ifbenchVerifier, ifevalVerifier, instructionTaskSchema } from './instruction/index.ts';
export { findForeignSpans, languageTaskSchema, languageVerifier } from './language/index.ts';
export { createMathPool, createMathVerifier, mathTaskSchema, mathVerifier } from './math/index.ts';
export { extractChoiceLetter, mcqTaskSchema, mcqVerifier } from './mcq/index.ts';
export { preferenceTaskSchema, preferenceVerifier, scorePreferenceBatch } from './preference/index.ts';
export {
  type DomainEntry,
  type OpenedVerifier,
  openDomainVerifier,
  type VerifierDomain,
  type VerifierOpenOptions,
  verifierDomainSchema,
  verifierRegistry,
} from './registry.ts';
export {
  createSweVerifier,
  type SemanticJudge,
  type SemanticJudgeContext,
  sweTaskSchema,
  sweVerifier,
} from './swe/index.ts';
export { parseToolCallsFromText, toolTaskSchema, toolVerifier } from './tool/index.ts';
