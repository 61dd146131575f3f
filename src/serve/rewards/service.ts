/**
 * The reward service as Web-standard handlers: `handle(Request) → Response`, testable without a port.
 *
 *   POST /v1/verify   a batch of `{domain, response, …task, id?}` rows → `{verdicts: […]}` in order
 *   POST /openrlhf    OpenRLHF's remote reward protocol (see openrlhf.ts)
 *   GET  /healthz     `{status: 'ok', …}`; 503 while shutting down
 *   GET  /metrics     Prometheus text
 *
 * Rows of each domain run under that domain's concurrency limit on one shared verifier (opened on
 * first use). Rows waiting for a slot form the queue; a batch that would overflow it gets 429 with
 * Retry-After. `close()` refuses new requests (503), lets every admitted one finish, then closes the
 * verifier pools. The service keeps no state between requests, so replicas scale behind any balancer.
 */
import { failed, type Verdict } from '../../core/verdict.ts';
import {
  type VerifierDomain,
  type VerifierOpenOptions,
  verifierDomainSchema,
} from '../../verifiers/registry.ts';
import { verifyPrepared } from '../../verifiers/rows.ts';
import { batchRows, planRow, type RowPlan, type RowVerdict, rowVerdict } from './batch.ts';
import { errorResponse, jsonResponse, readBodyText } from './body.ts';
import { Limiter } from './limiter.ts';
import { type RewardServiceLimits, type RewardServiceLimitsInput, resolveLimits } from './limits.ts';
import { type Counter, type Histogram, MetricsRegistry, PROMETHEUS_CONTENT_TYPE } from './metrics.ts';
import { openRlhfResponse, openRlhfRows } from './openrlhf.ts';
import { LazyVerifiers, type VerifierOpener } from './verifiers.ts';

export interface RewardServiceOptions {
  /** Domains served (default: every verifier domain); rows of others are error verdicts. */
  domains?: readonly VerifierDomain[];
  limits?: RewardServiceLimitsInput;
  /** Sandbox settings for the code domain. */
  sandbox?: VerifierOpenOptions['sandbox'];
  /** How a domain's verifier is opened (default: the verifier registry); tests pass slow fakes. */
  openVerifier?: VerifierOpener;
}

export interface RewardServiceMetrics {
  readonly registry: MetricsRegistry;
  readonly requests: Counter;
  readonly verdicts: Counter;
  readonly requestSeconds: Histogram;
  readonly verifySeconds: Histogram;
  /** The `/metrics` body. */
  render(): string;
}

export interface RewardService {
  handle(request: Request): Promise<Response>;
  /** Verifies rows in-process, as `/v1/verify` does, or says why they were not admitted. */
  verifyBatch(rows: readonly unknown[]): Promise<BatchOutcome>;
  /** Stops taking requests, finishes the admitted ones, closes the verifier pools. Idempotent. */
  close(): Promise<void>;
  readonly limits: RewardServiceLimits;
  readonly metrics: RewardServiceMetrics;
  /** Rows waiting for a verifier slot now. */
  queueDepth(): number;
}

export type BatchOutcome =
  | { ok: true; verdicts: RowVerdict[] }
  | { ok: false; status: 413 | 429 | 503; code: string; message: string };

const SHUTTING_DOWN = {
  ok: false,
  status: 503,
  code: 'shutting_down',
  message: 'the service is shutting down',
} as const;

const ROUTES = new Set(['/v1/verify', '/openrlhf', '/healthz', '/metrics']);

function createMetrics(gauges: {
  queueDepth: () => number;
  capacity: number;
  running: () => Array<{ labels: Record<string, string>; value: number }>;
  inFlight: () => number;
}): RewardServiceMetrics {
  const registry = new MetricsRegistry();
  const requests = registry.counter(
    'cascade_reward_requests_total',
    'HTTP requests answered, by route and status code.',
  );
  const verdicts = registry.counter(
    'cascade_reward_verdicts_total',
    'Verdicts returned, by domain and status (scored, timeout, error).',
  );
  const requestSeconds = registry.histogram(
    'cascade_reward_request_duration_seconds',
    'Time from request to response, by route.',
  );
  const verifySeconds = registry.histogram(
    'cascade_reward_verify_duration_seconds',
    'Time one row spends in its verifier (after the queue), by domain.',
  );
  registry.gauge('cascade_reward_queue_depth', 'Rows waiting for a verifier slot.', () => [
    { labels: {}, value: gauges.queueDepth() },
  ]);
  registry.gauge('cascade_reward_queue_capacity', 'Most rows that may wait before requests get 429.', () => [
    { labels: {}, value: gauges.capacity },
  ]);
  registry.gauge('cascade_reward_rows_running', 'Rows being verified now, by domain.', gauges.running);
  registry.gauge('cascade_reward_requests_in_flight', 'Requests received and not yet answered.', () => [
    { labels: {}, value: gauges.inFlight() },
  ]);
  return {
    registry,
    requests,
    verdicts,
    requestSeconds,
    verifySeconds,
    render: () => registry.render(),
  };
}

export function createRewardService(options: RewardServiceOptions = {}): RewardService {
  const limits = resolveLimits(options.limits);
  const served = new Set<VerifierDomain>(options.domains ?? verifierDomainSchema.options);
  const limiters = new Map<VerifierDomain, Limiter>(
    [...served].map((domain) => [domain, new Limiter(limits.concurrency[domain])]),
  );
  const verifiers = new LazyVerifiers(
    (domain) => ({
      concurrency: Math.min(limits.concurrency[domain], limits.poolSize),
      mathTimeoutMs: limits.rowTimeoutMs,
      sandbox: options.sandbox,
    }),
    options.openVerifier,
  );
  const inFlight = new Set<Promise<unknown>>();
  let activeRequests = 0;
  let closing: Promise<void> | undefined;

  const queueDepth = () => {
    let waiting = 0;
    for (const limiter of limiters.values()) waiting += limiter.waiting;
    return waiting;
  };
  const metrics = createMetrics({
    queueDepth,
    capacity: limits.maxQueue,
    running: () => [...limiters].map(([domain, limiter]) => ({ labels: { domain }, value: limiter.active })),
    inFlight: () => activeRequests,
  });

  /** Work that close() must wait for: every request from its first byte, every admitted batch. */
  function track<T>(work: Promise<T>): Promise<T> {
    inFlight.add(work);
    const forget = () => inFlight.delete(work);
    work.then(forget, forget);
    return work;
  }

  async function runRow(plan: Extract<RowPlan, { kind: 'verify' }>): Promise<Verdict> {
    const where = `row ${plan.index}`;
    return limiters.get(plan.domain)!.run(async () => {
      const started = performance.now();
      let verdict: Verdict;
      try {
        const verifier = await verifiers.get(plan.domain);
        verdict = await verifyPrepared(verifier, plan, where, limits.rowTimeoutMs);
      } catch (error) {
        // e.g. no usable sandbox: every code row says so, the other domains go on
        verdict = failed(
          'error',
          `${where}: cannot open the ${plan.domain} verifier: ${(error as Error).message}`,
        );
      }
      metrics.verifySeconds.observe({ domain: plan.domain }, (performance.now() - started) / 1000);
      return verdict;
    });
  }

  /** Plans, admits and verifies a batch; callers have checked that the service is not closing. */
  async function admit(rows: readonly unknown[]): Promise<BatchOutcome> {
    if (rows.length > limits.maxBatchRows) {
      return {
        ok: false,
        status: 413,
        code: 'batch_too_large',
        message: `the batch has ${rows.length} rows; the limit is ${limits.maxBatchRows}`,
      };
    }
    const plans = rows.map((row, index) => planRow(row, index, served));
    const queued = plans.filter((plan) => plan.kind === 'verify').length;
    const waiting = queueDepth();
    if (queued > 0 && waiting + queued > limits.maxQueue) {
      return {
        ok: false,
        status: 429,
        code: 'queue_full',
        message: `${waiting} rows are waiting and the queue holds ${limits.maxQueue}; retry later`,
      };
    }
    const work = Promise.all(
      plans.map(async (plan) => {
        const verdict = plan.kind === 'done' ? plan.verdict : await runRow(plan);
        metrics.verdicts.inc({ domain: plan.domain ?? 'none', status: verdict.status });
        return rowVerdict(verdict, plan.id);
      }),
    );
    return { ok: true, verdicts: await track(work) };
  }

  function verifyBatch(rows: readonly unknown[]): Promise<BatchOutcome> {
    if (closing) return Promise.resolve(SHUTTING_DOWN);
    return admit(rows);
  }

  function refused(outcome: Extract<BatchOutcome, { ok: false }>): Response {
    const retry: Record<string, string> =
      outcome.status === 413 ? {} : { 'retry-after': String(limits.retryAfterSeconds) };
    return errorResponse(outcome.status, outcome.code, outcome.message, retry);
  }

  /** Reads a JSON body under the byte limit; a Response when it cannot. */
  async function readJson(request: Request): Promise<{ value: unknown } | Response> {
    const body = await readBodyText(request, limits.maxBodyBytes);
    if (!body.ok) {
      return errorResponse(
        413,
        'body_too_large',
        `the body has ${body.bytes}+ bytes; the limit is ${limits.maxBodyBytes}`,
      );
    }
    try {
      return { value: JSON.parse(body.text) as unknown };
    } catch (error) {
      return errorResponse(400, 'bad_json', `the body is not valid JSON: ${(error as Error).message}`);
    }
  }

  async function verifyRoute(request: Request): Promise<Response> {
    const body = await readJson(request);
    if (body instanceof Response) return body;
    const batch = batchRows(body.value);
    if ('error' in batch) return errorResponse(400, 'bad_batch', batch.error);
    // a request that arrived before close() is admitted even if its body finished after
    const outcome = await admit(batch.rows);
    return outcome.ok ? jsonResponse(200, { verdicts: outcome.verdicts }) : refused(outcome);
  }

  async function openRlhfRoute(request: Request, url: URL): Promise<Response> {
    const body = await readJson(request);
    if (body instanceof Response) return body;
    const parsed = openRlhfRows(body.value, url.searchParams.get('domain') ?? undefined);
    if ('error' in parsed) return errorResponse(400, 'bad_request', parsed.error);
    const outcome = await admit(parsed.rows);
    return outcome.ok ? jsonResponse(200, openRlhfResponse(outcome.verdicts)) : refused(outcome);
  }

  function health(): Response {
    if (closing) return errorResponse(503, 'shutting_down', 'the service is shutting down');
    return jsonResponse(200, {
      status: 'ok',
      domains: [...served],
      open: verifiers.domains(),
      queueDepth: queueDepth(),
      maxQueue: limits.maxQueue,
    });
  }

  async function route(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    const expected = url.pathname === '/healthz' || url.pathname === '/metrics' ? 'GET' : 'POST';
    if (!ROUTES.has(url.pathname)) return errorResponse(404, 'not_found', `no route ${url.pathname}`);
    if (method !== expected && !(expected === 'GET' && method === 'HEAD'))
      return errorResponse(405, 'method_not_allowed', `${url.pathname} takes ${expected}`, {
        allow: expected,
      });
    if (url.pathname === '/healthz') return health();
    if (url.pathname === '/metrics')
      return new Response(metrics.render(), {
        status: 200,
        headers: { 'content-type': PROMETHEUS_CONTENT_TYPE },
      });
    if (closing) return refused(SHUTTING_DOWN);
    return url.pathname === '/v1/verify' ? verifyRoute(request) : openRlhfRoute(request, url);
  }

  async function handle(request: Request): Promise<Response> {
    const started = performance.now();
    const path = new URL(request.url).pathname;
    const routeLabel = ROUTES.has(path) ? path : 'other';
    activeRequests += 1;
    const response = await track(
      route(request).catch((error: unknown) =>
        errorResponse(500, 'internal', `the service failed: ${(error as Error).message}`),
      ),
    ).finally(() => {
      activeRequests -= 1;
    });
    metrics.requests.inc({ route: routeLabel, code: String(response.status) });
    metrics.requestSeconds.observe({ route: routeLabel }, (performance.now() - started) / 1000);
    return response;
  }

  async function drain(): Promise<void> {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    await verifiers.close();
  }

  return {
    handle,
    verifyBatch,
    close() {
      closing ??= drain();
      return closing;
    },
    limits,
    metrics,
    queueDepth,
  };
}
