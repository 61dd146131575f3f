export { ALL_LETTERS, extractChoiceLetter, type LetterMatch, type McqPatternName } from './extract.ts';
export { type McqTask, type McqTaskInput, mcqTaskSchema } from './task.ts';
export { finalAnswerText, mcqVerifier } from './verifier.ts';
