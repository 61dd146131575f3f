/** The reward service: Web-standard handlers, their limits and metrics, and the node:http adapter. */
export type { RowId, RowVerdict } from './batch.ts';
export { listen, type RequestHandler, type RunningServer } from './http.ts';
export {
  DEFAULT_MAX_BATCH_ROWS,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_QUEUE,
  defaultConcurrency,
  type RewardServiceLimits,
  type RewardServiceLimitsInput,
  resolveLimits,
} from './limits.ts';
export { MetricsRegistry, PROMETHEUS_CONTENT_TYPE } from './metrics.ts';
export { type OpenRlhfResponse, openRlhfResponse, openRlhfRows } from './openrlhf.ts';
export {
  type BatchOutcome,
  createRewardService,
  type RewardService,
  type RewardServiceMetrics,
  type RewardServiceOptions,
} from './service.ts';
export type { VerifierOpener } from './verifiers.ts';
