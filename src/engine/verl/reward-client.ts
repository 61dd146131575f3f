/**
 * Spreads reward rows over several `cascade serve-rewards` replicas: rows are cut into batches,
 * batches go round-robin to the replicas (a bounded number in flight), and the verdicts come back
 * in row order. A 429/503 or a connection error sends the batch to the next replica after a short
 * backoff; any other HTTP error, or a reply with the wrong number of verdicts, is a CascadeError.
 * The replicas are stateless, so any replica may score any batch (src/serve/rewards/README.md).
 */
import { CascadeError } from '../../core/errors.ts';
import type { Verdict } from '../../core/verdict.ts';

export interface RewardReplicaClientOptions {
  /** Replica base URLs, e.g. `http://10.0.0.5:8088`. */
  urls: readonly string[];
  /** Rows per request (default 64). */
  batchRows?: number;
  /** Requests in flight per replica (default 4). */
  concurrencyPerReplica?: number;
  /** Attempts per batch before giving up (default 8). */
  maxAttempts?: number;
  /** First retry delay, doubled per attempt, capped at 5 s (default 50 ms). */
  retryDelayMs?: number;
  fetch?: typeof fetch;
}

export interface ReplicaLoad {
  url: string;
  requests: number;
  rows: number;
  retries: number;
}

export interface RewardReplicaClient {
  /** One verdict per row, in row order. */
  score(
    rows: readonly Record<string, unknown>[],
    signal?: AbortSignal,
  ): Promise<(Verdict & { id?: unknown })[]>;
  /** Requests and rows each replica answered (failed tries count as retries of the replica tried). */
  load(): ReplicaLoad[];
}

const RETRY_STATUS = new Set([429, 502, 503, 504]);

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/** Contiguous batches of at most `size` rows (pure). */
export function batchesOf<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let at = 0; at < rows.length; at += size) out.push(rows.slice(at, at + size));
  return out;
}

export function createRewardReplicaClient(options: RewardReplicaClientOptions): RewardReplicaClient {
  if (options.urls.length === 0) throw new CascadeError('reward_no_replicas', 'no reward service URL given');
  const replicas: ReplicaLoad[] = options.urls.map((url) => {
    if (!URL.canParse(url))
      throw new CascadeError('reward_bad_url', `not a URL: ${JSON.stringify(url)}`, {
        where: 'rewardServiceUrls',
      });
    return { url: url.replace(/\/+$/, ''), requests: 0, rows: 0, retries: 0 };
  });
  const batchRows = options.batchRows ?? 64;
  const perReplica = options.concurrencyPerReplica ?? 4;
  const maxAttempts = options.maxAttempts ?? 8;
  const delayMs = options.retryDelayMs ?? 50;
  const fetchImpl = options.fetch ?? fetch;
  let cursor = 0;

  async function post(replica: ReplicaLoad, batch: readonly Record<string, unknown>[], signal?: AbortSignal) {
    const response = await fetchImpl(`${replica.url}/v1/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(batch),
      signal,
    });
    return { status: response.status, text: await response.text() };
  }

  async function scoreBatch(batch: readonly Record<string, unknown>[], signal?: AbortSignal) {
    let lastFailure = '';
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      const replica = replicas[cursor++ % replicas.length];
      let answer: { status: number; text: string };
      try {
        answer = await post(replica, batch, signal);
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        replica.retries += 1;
        lastFailure = `${replica.url}: ${(error as Error).message}`;
        await sleep(Math.min(5_000, delayMs * 2 ** attempt), signal);
        continue;
      }
      if (RETRY_STATUS.has(answer.status)) {
        replica.retries += 1;
        lastFailure = `${replica.url} answered HTTP ${answer.status}`;
        await sleep(Math.min(5_000, delayMs * 2 ** attempt), signal);
        continue;
      }
      if (answer.status !== 200)
        throw new CascadeError(
          'reward_http',
          `answered HTTP ${answer.status}: ${answer.text.slice(0, 300)}`,
          {
            where: `${replica.url}/v1/verify`,
          },
        );
      const verdicts = (JSON.parse(answer.text) as { verdicts?: (Verdict & { id?: unknown })[] }).verdicts;
      if (!Array.isArray(verdicts) || verdicts.length !== batch.length)
        throw new CascadeError(
          'reward_bad_response',
          `${Array.isArray(verdicts) ? verdicts.length : 'no'} verdicts for ${batch.length} rows`,
          { where: `${replica.url}/v1/verify` },
        );
      replica.requests += 1;
      replica.rows += batch.length;
      return verdicts;
    }
    throw new CascadeError(
      'reward_unreachable',
      `gave up after ${maxAttempts} attempts; last: ${lastFailure}`,
    );
  }

  return {
    async score(rows, signal) {
      const batches = batchesOf(rows, batchRows);
      const results: (Verdict & { id?: unknown })[][] = new Array(batches.length);
      let next = 0;
      const worker = async () => {
        while (next < batches.length) {
          const index = next++;
          results[index] = await scoreBatch(batches[index], signal);
        }
      };
      const workers = Math.min(batches.length, perReplica * replicas.length);
      await Promise.all(Array.from({ length: workers }, worker));
      return results.flat();
    },
    load() {
      return replicas.map((replica) => ({ ...replica }));
    },
  };
}
