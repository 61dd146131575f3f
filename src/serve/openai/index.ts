/** The OpenAI-compatible server (`cascade serve`): handlers, backends, the batching scheduler, the node:http adapter. */
export {
  type EmbeddedBackendOptions,
  openEmbeddedBackend,
  type ReloadableBackend,
  type ReloadResult,
  type ServeBackend,
  type UpstreamBackendOptions,
  upstreamBackend,
} from './backend.ts';
export { type ServeContext, turnStopIds } from './context.ts';
export { type Handler, type ListeningServer, listenOpenAI } from './http.ts';
export { type DecodedOutput, decodeOutput, findStopString, tokenPieces } from './output.ts';
export {
  batchKey,
  createScheduler,
  directSampler,
  type Scheduler,
  type SchedulerOptions,
  type SchedulerStats,
} from './scheduler.ts';
export {
  createOpenAIService,
  DEFAULT_MAX_BODY_BYTES,
  type OpenAIService,
  type OpenAIServiceOptions,
} from './service.ts';
export { thinkingMode } from './thinking.ts';
