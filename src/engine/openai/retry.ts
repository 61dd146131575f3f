/**
 * When to retry a request to an inference server and how long to wait: exponential backoff with
 * jitter on 429, 408, 5xx, time-outs and connection errors; never on other 4xx, which a retry
 * cannot fix (a bad request stays bad). Pure functions; the pool does the waiting.
 */

export interface RetryPolicy {
  /** Retries after the first attempt (so maxRetries + 1 attempts in all). */
  maxRetries: number;
  /** Delay before the first retry, doubled each time. */
  baseDelayMs: number;
  /** Cap on one delay (before jitter). */
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxRetries: 5, baseDelayMs: 500, maxDelayMs: 30_000 };

/** HTTP statuses worth another try: rate limits, request time-outs and server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * Delay before retry number `attempt` (0-based): min(max, base·2^attempt), scaled by a jitter in
 * [0.5, 1) so many clients that failed together do not come back together. A server's
 * `Retry-After` (seconds) wins when it asks for longer.
 */
export function backoffDelayMs(
  attempt: number,
  policy: RetryPolicy,
  random: () => number,
  retryAfterSeconds?: number,
): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  const jittered = exponential * (0.5 + 0.5 * random());
  const asked =
    retryAfterSeconds !== undefined && Number.isFinite(retryAfterSeconds) ? retryAfterSeconds * 1000 : 0;
  return Math.max(jittered, Math.min(asked, policy.maxDelayMs));
}

/** `Retry-After` as seconds (the HTTP-date form is ignored: servers here send seconds). */
export function parseRetryAfter(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header.trim());
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}
