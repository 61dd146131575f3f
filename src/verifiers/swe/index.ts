export { applyModelEdit, type EditFormat, extractSolutionLenient, extractSolutionStrict } from './edit.ts';
export { EditFormatError } from './edit-error.ts';
export { applyUnifiedDiff } from './patch-apply.ts';
export { type FilePatch, type Hunk, parseUnifiedDiff } from './patch-parse.ts';
export { applySearchReplace, parseSearchReplace } from './search-replace.ts';
export { groupedOpcodes, matchingBlocks, opcodes, sequenceRatio, stringRatio } from './sequence-matcher.ts';
export { type ChangeSimilarity, changeSimilarities, meanSimilarity, normalizedPatch } from './similarity.ts';
export { type SweTask, type SweTaskInput, sweTaskSchema } from './task.ts';
export { normalizedChange, pythonSplitlines, unifiedDiffLines } from './unified-diff.ts';
export {
  createSweVerifier,
  formatPatch,
  type SemanticJudge,
  type SemanticJudgeContext,
  type SweVerifierOptions,
  sweVerifier,
} from './verifier.ts';
