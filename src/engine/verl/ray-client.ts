/**
 * A Ray Jobs REST client (the dashboard's /api/jobs/ routes, frameworks.md §2.10) on plain fetch:
 * submit, status, logs, streaming logs (the WebSocket `logs/tail` route), stop, delete, list.
 * Connection errors and 502/503/504 (a dashboard restarting) are retried with backoff; any other
 * answer is a CascadeError naming the route and quoting the dashboard's message.
 */
import { z } from 'zod';
import { CascadeError } from '../../core/errors.ts';
import { readWebSocketText } from './websocket.ts';

export const RAY_JOB_STATUSES = ['PENDING', 'RUNNING', 'STOPPED', 'SUCCEEDED', 'FAILED'] as const;
export type RayJobStatus = (typeof RAY_JOB_STATUSES)[number];
export const TERMINAL_STATUSES: readonly RayJobStatus[] = ['STOPPED', 'SUCCEEDED', 'FAILED'];

export function isTerminal(status: RayJobStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

const detailsSchema = z.looseObject({
  status: z.enum(RAY_JOB_STATUSES),
  submission_id: z.string().nullish(),
  job_id: z.string().nullish(),
  entrypoint: z.string().nullish(),
  message: z.string().nullish(),
  error_type: z.string().nullish(),
  start_time: z.number().nullish(),
  end_time: z.number().nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
  driver_exit_code: z.number().nullish(),
});
export type RayJobDetails = z.infer<typeof detailsSchema>;

const submitSchema = z.looseObject({ job_id: z.string().nullish(), submission_id: z.string().nullish() });
const logsSchema = z.looseObject({ logs: z.string() });
const stopSchema = z.looseObject({ stopped: z.boolean() });
const deleteSchema = z.looseObject({ deleted: z.boolean() });
const versionSchema = z.looseObject({ ray_version: z.string().nullish(), version: z.string().nullish() });

export interface RayJobSubmission {
  entrypoint: string;
  submission_id?: string;
  runtime_env?: Record<string, unknown>;
  metadata?: Record<string, string>;
  entrypoint_num_cpus?: number;
  entrypoint_num_gpus?: number;
  entrypoint_memory?: number;
  entrypoint_resources?: Record<string, number>;
}

export interface RayJobsClientOptions {
  /** Dashboard address, e.g. `http://head:8265`. */
  address: string;
  /** Retries after the first attempt on connection errors and 502/503/504 (default 5). */
  maxRetries?: number;
  /** First backoff delay, doubled per retry, capped at 10 s (default 250 ms). */
  retryDelayMs?: number;
  /** Time limit of one request (default 60 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface RayJobsClient {
  readonly address: string;
  version(signal?: AbortSignal): Promise<{ rayVersion?: string }>;
  submit(job: RayJobSubmission, signal?: AbortSignal): Promise<{ submissionId: string }>;
  status(id: string, signal?: AbortSignal): Promise<RayJobDetails>;
  /** undefined when the dashboard does not know the id (404). */
  find(id: string, signal?: AbortSignal): Promise<RayJobDetails | undefined>;
  list(signal?: AbortSignal): Promise<RayJobDetails[]>;
  logs(id: string, signal?: AbortSignal): Promise<string>;
  /** Streams log chunks as the dashboard sends them; resolves when it closes the stream. */
  tailLogs(id: string, onChunk: (text: string) => void, signal?: AbortSignal): Promise<void>;
  stop(id: string, signal?: AbortSignal): Promise<boolean>;
  delete(id: string, signal?: AbortSignal): Promise<boolean>;
}

const RETRYABLE_STATUS = new Set([502, 503, 504]);

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

class HttpError extends CascadeError {
  constructor(
    readonly status: number,
    readonly body: string,
    route: string,
    /** 0 for the first try: a later one may be answering for an earlier try whose answer was lost. */
    readonly attempt: number,
  ) {
    super('ray_http', `${route} answered HTTP ${status}: ${body.slice(0, 500)}`, { where: route });
  }
}

export function createRayJobsClient(options: RayJobsClientOptions): RayJobsClient {
  let base: URL;
  try {
    base = new URL(options.address);
  } catch {
    throw new CascadeError('ray_bad_address', `not a URL: ${JSON.stringify(options.address)}`, {
      where: 'rayAddress',
    });
  }
  const address = base.origin;
  const maxRetries = options.maxRetries ?? 5;
  const delayMs = options.retryDelayMs ?? 250;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const fetchImpl = options.fetch ?? fetch;

  /** One route, retried while the dashboard cannot be reached. */
  async function call<T>(
    method: string,
    path: string,
    schema: z.ZodType<T>,
    body?: unknown,
    signal?: AbortSignal,
  ): Promise<T> {
    const route = `${method} ${path}`;
    for (let attempt = 0; ; attempt++) {
      const timeout = AbortSignal.timeout(timeoutMs);
      let failure: Error;
      try {
        const response = await fetchImpl(`${address}${path}`, {
          method,
          headers: body === undefined ? {} : { 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        });
        const text = await response.text();
        if (response.ok) {
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            throw new CascadeError('ray_bad_response', `${route}: answer is not JSON: ${text.slice(0, 200)}`);
          }
          const parsed = schema.safeParse(json);
          if (!parsed.success)
            throw new CascadeError(
              'ray_bad_response',
              `${route}: unexpected answer: ${parsed.error.message}`,
            );
          return parsed.data;
        }
        const error = new HttpError(response.status, text, route, attempt);
        if (!RETRYABLE_STATUS.has(response.status)) throw error;
        failure = error;
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        if (
          error instanceof CascadeError &&
          !(error instanceof HttpError && RETRYABLE_STATUS.has(error.status))
        )
          throw error;
        failure = error as Error;
      }
      if (attempt >= maxRetries) {
        const cause = failure.cause instanceof Error ? `: ${failure.cause.message}` : '';
        throw new CascadeError(
          'ray_unreachable',
          `${address} ${route} failed after ${attempt + 1} attempts: ${failure.message}${cause}`,
          { where: address, cause: failure },
        );
      }
      await sleep(Math.min(10_000, delayMs * 2 ** attempt), signal);
    }
  }

  const jobPath = (id: string) => `/api/jobs/${encodeURIComponent(id)}`;

  async function find(id: string, signal?: AbortSignal): Promise<RayJobDetails | undefined> {
    try {
      return await call('GET', jobPath(id), detailsSchema, undefined, signal);
    } catch (error) {
      if (error instanceof HttpError && error.status === 404) return undefined;
      throw error;
    }
  }

  return {
    address,
    async version(signal) {
      const answer = await call('GET', '/api/version', versionSchema, undefined, signal);
      return { rayVersion: answer.ray_version ?? undefined };
    },
    async submit(job, signal) {
      if (!job.entrypoint)
        throw new CascadeError('ray_bad_job', 'a job needs an entrypoint', { where: 'entrypoint' });
      let answer: z.infer<typeof submitSchema>;
      try {
        answer = await call('POST', '/api/jobs/', submitSchema, job, signal);
      } catch (error) {
        // a retry whose earlier try made the job but lost the answer: the same job is already there
        const id = job.submission_id;
        if (!(id && error instanceof HttpError && error.attempt > 0 && /already exists/i.test(error.body)))
          throw error;
        const existing = await find(id, signal);
        if (existing?.entrypoint !== job.entrypoint) throw error;
        return { submissionId: id };
      }
      const submissionId = answer.submission_id ?? answer.job_id ?? job.submission_id;
      if (!submissionId)
        throw new CascadeError('ray_bad_response', 'POST /api/jobs/: the answer names no submission id');
      return { submissionId };
    },
    status(id, signal) {
      return call('GET', jobPath(id), detailsSchema, undefined, signal);
    },
    find,
    list(signal) {
      return call('GET', '/api/jobs/', z.array(detailsSchema), undefined, signal);
    },
    async logs(id, signal) {
      return (await call('GET', `${jobPath(id)}/logs`, logsSchema, undefined, signal)).logs;
    },
    tailLogs(id, onChunk, signal) {
      return readWebSocketText(`${address}${jobPath(id)}/logs/tail`, onChunk, signal);
    },
    async stop(id, signal) {
      return (await call('POST', `${jobPath(id)}/stop`, stopSchema, undefined, signal)).stopped;
    },
    async delete(id, signal) {
      return (await call('DELETE', jobPath(id), deleteSchema, undefined, signal)).deleted;
    },
  };
}
