import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffDelayMs, isRetryableStatus, parseRetryAfter } from './retry.ts';

const policy = { maxRetries: 5, baseDelayMs: 100, maxDelayMs: 1000 };

test('backoff doubles per attempt, is capped, and jitter keeps it within [half, full]', () => {
  assert.equal(
    backoffDelayMs(0, policy, () => 0.999999),
    99.99995,
  );
  assert.equal(
    backoffDelayMs(0, policy, () => 0),
    50,
  );
  assert.equal(
    backoffDelayMs(3, policy, () => 0),
    400,
  );
  assert.equal(
    backoffDelayMs(10, policy, () => 0),
    500,
  );
  for (let attempt = 0; attempt < 8; attempt++) {
    const full = Math.min(1000, 100 * 2 ** attempt);
    const delay = backoffDelayMs(attempt, policy, Math.random);
    assert.ok(delay >= full / 2 && delay <= full, `attempt ${attempt}: ${delay}`);
  }
});

test('a longer Retry-After wins, up to the cap', () => {
  assert.equal(
    backoffDelayMs(0, policy, () => 0, 0.3),
    300,
  );
  assert.equal(
    backoffDelayMs(0, policy, () => 0, 60),
    1000,
  );
  assert.equal(parseRetryAfter('2'), 2);
  assert.equal(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT'), undefined);
  assert.equal(parseRetryAfter(null), undefined);
});

test('429, 408 and 5xx are retried; other 4xx are not', () => {
  for (const status of [408, 429, 500, 502, 503, 504])
    assert.equal(isRetryableStatus(status), true, String(status));
  for (const status of [400, 401, 403, 404, 422])
    assert.equal(isRetryableStatus(status), false, String(status));
});
