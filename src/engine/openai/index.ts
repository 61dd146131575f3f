/** OpenAI-compatible servers (vLLM and friends): the client pool, chat and completion modes, the StepEngine. */
export { type ChatChoice, type ChatRequest, chatCompletions, chatRequestBody } from './chat.ts';
export {
  completeTokens,
  parseTokenIdString,
  promptLogprobsToArray,
  scoreTokens,
  type TokenChoice,
  type TokenCompletionRequest,
  tokenCompletionBody,
} from './completion.ts';
export { createOpenAIEngine, type OpenAIEngineOptions } from './engine.ts';
export {
  createOpenAIPool,
  normalizeBaseUrl,
  type OpenAIPool,
  type OpenAIPoolOptions,
  type PoolStats,
  type ServerHealth,
} from './pool.ts';
export { backoffDelayMs, defaultRetryPolicy, isRetryableStatus, type RetryPolicy } from './retry.ts';
