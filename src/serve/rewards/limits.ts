/** The reward service's limits: what one request may carry and how much work may wait. */
import { availableParallelism } from 'node:os';
import { CascadeError } from '../../core/errors.ts';
import type { VerifierDomain } from '../../verifiers/registry.ts';

export interface RewardServiceLimits {
  /** Largest request body accepted, in bytes; larger bodies get 413. */
  maxBodyBytes: number;
  /** Most rows in one batch; more get 413. */
  maxBatchRows: number;
  /** Most rows waiting for a verifier slot, over all domains; a batch that would pass it gets 429. */
  maxQueue: number;
  /** Rows in flight at once per domain (waiting on a pool counts as in flight). */
  concurrency: Record<VerifierDomain, number>;
  /** Math worker threads and code sandbox processes (each capped by its domain's concurrency). */
  poolSize: number;
  /** Seconds a 429 or 503 answer tells the client to wait (`Retry-After`). */
  retryAfterSeconds: number;
  /** Wall-clock limit per row in milliseconds; unset, each verifier's own limits apply. */
  rowTimeoutMs?: number;
}

export type RewardServiceLimitsInput = Partial<Omit<RewardServiceLimits, 'concurrency'>> & {
  concurrency?: Partial<Record<VerifierDomain, number>>;
};

/**
 * Rows in flight per domain. Math settles most rows on the main thread and only hard ones in its
 * workers, so it needs many in flight to keep both busy; code rows wait on sandbox slots per test.
 */
export function defaultConcurrency(cpus: number): Record<VerifierDomain, number> {
  const cores = Math.max(1, cpus);
  return {
    math: Math.max(16, 8 * cores),
    code: 2 * cores,
    ifeval: 64,
    ifbench: 64,
    mcq: 64,
    tool: 64,
    swe: 64,
    language: 64,
  };
}

export const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;
export const DEFAULT_MAX_BATCH_ROWS = 4096;
export const DEFAULT_MAX_QUEUE = 16_384;

function positiveInteger(value: number, key: string): number {
  if (!Number.isInteger(value) || value < 1)
    throw new CascadeError('bad_limit', `must be a positive integer, got ${value}`, { where: key });
  return value;
}

/** Fills defaults and checks every limit; a batch limit above the queue could never be admitted. */
export function resolveLimits(
  input: RewardServiceLimitsInput = {},
  cpus = availableParallelism(),
): RewardServiceLimits {
  const maxQueue = positiveInteger(input.maxQueue ?? DEFAULT_MAX_QUEUE, 'maxQueue');
  const maxBatchRows = positiveInteger(
    input.maxBatchRows ?? Math.min(DEFAULT_MAX_BATCH_ROWS, maxQueue),
    'maxBatchRows',
  );
  if (maxBatchRows > maxQueue) {
    throw new CascadeError('bad_limit', `${maxBatchRows} exceeds maxQueue ${maxQueue}`, {
      where: 'maxBatchRows',
    });
  }
  const concurrency = { ...defaultConcurrency(cpus) };
  for (const [domain, value] of Object.entries(input.concurrency ?? {})) {
    if (value !== undefined)
      concurrency[domain as VerifierDomain] = positiveInteger(value, `concurrency.${domain}`);
  }
  return {
    maxBodyBytes: positiveInteger(input.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, 'maxBodyBytes'),
    maxBatchRows,
    maxQueue,
    concurrency,
    poolSize: positiveInteger(input.poolSize ?? Math.max(1, cpus), 'poolSize'),
    retryAfterSeconds: positiveInteger(input.retryAfterSeconds ?? 1, 'retryAfterSeconds'),
    rowTimeoutMs:
      input.rowTimeoutMs === undefined ? undefined : positiveInteger(input.rowTimeoutMs, 'rowTimeoutMs'),
  };
}
