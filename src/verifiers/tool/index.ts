export {
  astCheck,
  type CallToCheck,
  type CheckResult,
  checkCall,
  type PossibleAnswer,
  standardizeString,
  type ToolCategory,
  ToolTaskError,
} from './bfcl-checker.ts';
export {
  describeFromPossibleAnswer,
  describeTool,
  type FunctionDescription,
} from './function-description.ts';
export { convertParameterValue, type ParsedToolCalls, parseToolCallsFromText } from './parse-calls.ts';
export { type ToolTask, type ToolTaskInput, toolCategorySchema, toolTaskSchema } from './task.ts';
export { answerPart, toolVerifier } from './verifier.ts';
