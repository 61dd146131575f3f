/**
 * A client pool over one or many OpenAI-compatible servers (vLLM data-parallel replicas), on plain
 * `fetch`. Requests go round-robin to servers that are healthy and below their concurrency bound;
 * a failed attempt is retried (on any server) with exponential backoff when a retry can help, and
 * fails at once with the server and status named when it cannot. Each attempt has its own
 * time limit. What it does not do: parse payloads (chat.ts, completion.ts) or cache.
 */
import type { z } from 'zod';
import { CascadeError } from '../../core/errors.ts';
import {
  backoffDelayMs,
  defaultRetryPolicy,
  isRetryableStatus,
  parseRetryAfter,
  type RetryPolicy,
} from './retry.ts';
import { errorBodySchema, modelsResponseSchema } from './schemas.ts';
import { readSseData } from './sse.ts';

export interface OpenAIPoolOptions {
  /** Server base URLs, e.g. `http://host:8000/v1` (a bare `http://host:8000` gets `/v1`). */
  baseUrls: readonly string[];
  /** Sent as `Authorization: Bearer …` when set. */
  apiKey?: string;
  /** Requests in flight per server (default 16). */
  concurrencyPerServer?: number;
  /** Wall-clock limit of one attempt in ms, streaming included (default 30 minutes: long reasoning). */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** How long a server that failed to connect is skipped before it is tried again (default 10 s). */
  unhealthyCooldownMs?: number;
  /** Injected for tests; defaults to the global fetch, Math.random and a timer. */
  fetch?: typeof fetch;
  random?: () => number;
  now?: () => number;
}

export interface ServerHealth {
  baseUrl: string;
  healthy: boolean;
  detail: string;
}

export interface PoolStats {
  attempts: number;
  retries: number;
}

export interface OpenAIPool {
  readonly baseUrls: readonly string[];
  /** POST a JSON body and validate the JSON answer with `schema`. */
  postJson<T>(path: string, body: unknown, schema: z.ZodType<T>, signal?: AbortSignal): Promise<T>;
  /** POST with `stream: true` and hand each SSE data payload to `onData`; retried only before the first event. */
  postStream(
    path: string,
    body: unknown,
    onData: (data: string) => void,
    signal?: AbortSignal,
  ): Promise<void>;
  /** GET `/health` (vLLM) or `/v1/models` on every server and mark each healthy or not. */
  checkHealth(signal?: AbortSignal): Promise<ServerHealth[]>;
  /** Model ids served by the first healthy server. */
  listModels(signal?: AbortSignal): Promise<string[]>;
  stats(): PoolStats;
}

interface Server {
  baseUrl: string;
  active: number;
  unhealthyUntil: number;
}

type Attempt<T> =
  | { ok: true; value: T }
  | { ok: false; retry: boolean; error: CascadeError; retryAfter?: number };

/** `http://h:8000` and `http://h:8000/` → `http://h:8000/v1`; a URL with a path keeps it. */
export function normalizeBaseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CascadeError('openai_bad_url', `not a URL: ${JSON.stringify(url)}`, { where: '--base-url' });
  }
  const path = parsed.pathname.replace(/\/+$/, '');
  return `${parsed.origin}${path === '' ? '/v1' : path}`;
}

export function createOpenAIPool(options: OpenAIPoolOptions): OpenAIPool {
  if (options.baseUrls.length === 0) throw new CascadeError('openai_no_servers', 'no server base URL given');
  const servers: Server[] = options.baseUrls.map((url) => ({
    baseUrl: normalizeBaseUrl(url),
    active: 0,
    unhealthyUntil: 0,
  }));
  const limit = options.concurrencyPerServer ?? 16;
  const timeoutMs = options.timeoutMs ?? 30 * 60_000;
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...options.retry };
  const cooldownMs = options.unhealthyCooldownMs ?? 10_000;
  const fetchImpl = options.fetch ?? fetch;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const waiters: (() => void)[] = [];
  const counters: PoolStats = { attempts: 0, retries: 0 };
  let cursor = 0;

  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;

  function pick(): Server | undefined {
    const healthy = (server: Server) => server.unhealthyUntil <= now();
    const anyHealthy = servers.some(healthy);
    for (let offset = 0; offset < servers.length; offset++) {
      const index = (cursor + offset) % servers.length;
      const server = servers[index];
      if (server.active < limit && (!anyHealthy || healthy(server))) {
        cursor = index + 1;
        return server;
      }
    }
    return undefined;
  }

  async function acquire(signal?: AbortSignal): Promise<Server> {
    for (;;) {
      signal?.throwIfAborted();
      const server = pick();
      if (server) {
        server.active++;
        return server;
      }
      await new Promise<void>((resolve, reject) => {
        const wake = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = () => {
          const at = waiters.indexOf(wake);
          if (at >= 0) waiters.splice(at, 1);
          reject(signal?.reason);
        };
        waiters.push(wake);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    }
  }

  function release(server: Server): void {
    server.active--;
    waiters.shift()?.();
  }

  async function attempt<T>(
    server: Server,
    path: string,
    body: unknown,
    consume: (response: Response) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<Attempt<T>> {
    const url = `${server.baseUrl}${path}`;
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    counters.attempts++;
    let response: Response;
    try {
      response = await fetchImpl(url, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        signal: combined,
      });
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (timeout.aborted) {
        return {
          ok: false,
          retry: true,
          error: new CascadeError('openai_timeout', `${url} did not answer within ${timeoutMs} ms`),
        };
      }
      server.unhealthyUntil = now() + cooldownMs;
      const reason =
        (error as Error).cause instanceof Error
          ? ((error as Error).cause as Error).message
          : (error as Error).message;
      return {
        ok: false,
        retry: true,
        error: new CascadeError('openai_connection', `cannot reach ${url}: ${reason}`, { cause: error }),
      };
    }
    if (!response.ok) {
      const message = errorMessage(await response.text().catch(() => ''));
      const error = new CascadeError('openai_http', `${url} answered HTTP ${response.status}: ${message}`, {
        where: server.baseUrl,
      });
      return {
        ok: false,
        retry: isRetryableStatus(response.status),
        error,
        retryAfter: parseRetryAfter(response.headers.get('retry-after')),
      };
    }
    try {
      return { ok: true, value: await consume(response) };
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (error instanceof CascadeError) throw error;
      if (timeout.aborted) {
        return {
          ok: false,
          retry: true,
          error: new CascadeError('openai_timeout', `${url} did not finish within ${timeoutMs} ms`),
        };
      }
      return {
        ok: false,
        retry: true,
        error: new CascadeError('openai_connection', `${url} broke off: ${(error as Error).message}`, {
          cause: error,
        }),
      };
    }
  }

  async function send<T>(
    path: string,
    body: unknown,
    consume: (response: Response) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    for (let retry = 0; ; retry++) {
      const server = await acquire(signal);
      let outcome: Attempt<T>;
      try {
        outcome = await attempt(server, path, body, consume, signal);
      } finally {
        release(server);
      }
      if (outcome.ok) return outcome.value;
      if (!outcome.retry) throw outcome.error;
      if (retry >= policy.maxRetries) {
        throw new CascadeError(
          'openai_gave_up',
          `${outcome.error.message} (gave up after ${retry + 1} attempts)`,
          {
            cause: outcome.error,
          },
        );
      }
      counters.retries++;
      await sleep(backoffDelayMs(retry, policy, random, outcome.retryAfter), signal);
    }
  }

  async function get(url: string, signal?: AbortSignal): Promise<Response> {
    const timeout = AbortSignal.timeout(Math.min(timeoutMs, 10_000));
    return fetchImpl(url, { headers, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
  }

  async function probe(server: Server, signal?: AbortSignal): Promise<ServerHealth> {
    const root = server.baseUrl.replace(/\/v1$/, '');
    try {
      const health = await get(`${root}/health`, signal);
      if (health.ok) return { baseUrl: server.baseUrl, healthy: true, detail: 'GET /health 200' };
      const models = await get(`${server.baseUrl}/models`, signal);
      if (models.ok) return { baseUrl: server.baseUrl, healthy: true, detail: 'GET /v1/models 200' };
      return {
        baseUrl: server.baseUrl,
        healthy: false,
        detail: `GET /health ${health.status}, GET /v1/models ${models.status}`,
      };
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      return { baseUrl: server.baseUrl, healthy: false, detail: `unreachable: ${(error as Error).message}` };
    }
  }

  return {
    baseUrls: servers.map((server) => server.baseUrl),
    postJson<T>(path: string, body: unknown, schema: z.ZodType<T>, signal?: AbortSignal) {
      return send(
        path,
        body,
        async (response) => parseBody(await response.text(), schema, `${response.url || path}`),
        signal,
      );
    },
    postStream(path, body, onData, signal) {
      return send(
        path,
        body,
        async (response) => {
          if (!response.body)
            throw new CascadeError('openai_bad_response', `${path}: streaming answer has no body`);
          let started = false;
          try {
            for await (const data of readSseData(response.body)) {
              started = true;
              onData(data);
            }
          } catch (error) {
            // events already handed on cannot be taken back, so a stream that broke midway is not retried
            if (started && !(error instanceof CascadeError)) {
              throw new CascadeError(
                'openai_stream_broken',
                `${path}: stream broke off: ${(error as Error).message}`,
                { cause: error },
              );
            }
            throw error;
          }
        },
        signal,
      );
    },
    async checkHealth(signal) {
      const results = await Promise.all(servers.map((server) => probe(server, signal)));
      results.forEach((result, index) => {
        servers[index].unhealthyUntil = result.healthy ? 0 : now() + cooldownMs;
      });
      return results;
    },
    async listModels(signal) {
      const errors: string[] = [];
      for (const server of servers) {
        try {
          const response = await get(`${server.baseUrl}/models`, signal);
          if (!response.ok) {
            errors.push(`${server.baseUrl}/models answered HTTP ${response.status}`);
            continue;
          }
          const parsed = parseBody(await response.text(), modelsResponseSchema, `${server.baseUrl}/models`);
          return (parsed.data ?? []).map((model) => model.id);
        } catch (error) {
          if (error instanceof CascadeError) throw error;
          errors.push(`${server.baseUrl}/models: ${(error as Error).message}`);
        }
      }
      throw new CascadeError('openai_connection', `no server listed its models: ${errors.join('; ')}`);
    },
    stats: () => ({ ...counters }),
  };
}

/** Parses and validates a JSON answer; a mismatch is a bad response, not worth a retry. */
export function parseBody<T>(text: string, schema: z.ZodType<T>, where: string): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CascadeError('openai_bad_response', `answer is not JSON: ${text.slice(0, 200)}`, { where });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CascadeError(
      'openai_bad_response',
      `unexpected answer shape at ${issue.path.join('.') || '(root)'}: ${issue.message}`,
      {
        where,
      },
    );
  }
  return parsed.data;
}

/** The human-readable part of an error body, or the raw text. */
export function errorMessage(text: string): string {
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(text));
    if (parsed.success) {
      const { error, message } = parsed.data;
      const fromError = typeof error === 'string' ? error : error?.message;
      if (fromError ?? message) return (fromError ?? message) as string;
    }
  } catch {
    // not JSON: fall through to the raw text
  }
  return text.slice(0, 500) || '(empty body)';
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
