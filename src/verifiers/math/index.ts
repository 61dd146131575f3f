/** Math answer verification: extraction → normalisation → structure → comparison, with a worker pool. */
export { compareAnswers } from './compare.ts';
export { type ExtractedAnswer, type ExtractionMethod, extractAnswer, goldAnswerText } from './extract.ts';
export { normalizeAnswer } from './normalize.ts';
export { createMathPool, defaultMathTimeoutMs, type MathPool, type MathPoolOptions } from './pool.ts';
export { defaultMathLimits, type MathDetails, type MathLimits, prepareMathCheck } from './prepare.ts';
export { fastScalarEqual, type ScalarEquality } from './scalar-fast.ts';
export { type AnswerNode, parseStructure } from './structure.ts';
export { type MathTask, mathTaskSchema } from './task.ts';
export { createMathVerifier, mathVerifier } from './verify.ts';
