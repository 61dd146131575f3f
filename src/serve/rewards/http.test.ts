import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { describe, it } from 'node:test';
import { until } from '../../core/testing/until.ts';
import { scored } from '../../core/verdict.ts';
import { listen } from './http.ts';
import { createRewardService } from './service.ts';

/** A raw POST with node:http, so the test controls headers and sees the connection header. */
function rawPost(url: string, body: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; text: string }>(
    (resolve, reject) => {
      const req = httpRequest(
        url,
        { method: 'POST', headers: { 'content-type': 'application/json', ...headers } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk) => {
            text += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
        },
      );
      req.on('error', reject);
      req.end(body);
    },
  );
}

describe('listen (node:http adapter)', () => {
  it('serves the handlers on 127.0.0.1 with a system-chosen port', async () => {
    const service = createRewardService({ domains: ['mcq'] });
    const server = await listen(service, 0, '127.0.0.1');
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${server.url}/healthz`);
    assert.equal(health.status, 200);
    const response = await fetch(`${server.url}/v1/verify`, {
      method: 'POST',
      body: JSON.stringify([{ id: 1, domain: 'mcq', response: 'Answer: A', answer: 'A' }]),
    });
    assert.equal(response.status, 200);
    const body = (await response.json()) as { verdicts: { id: number; reward: number }[] };
    assert.deepEqual(
      body.verdicts.map((v) => [v.id, v.reward]),
      [[1, 1]],
    );
    const metrics = await fetch(`${server.url}/metrics`);
    assert.match(await metrics.text(), /cascade_reward_verdicts_total\{domain="mcq",status="scored"\} 1/);
    await server.close();
  });

  it('answers 413 over a real socket, closing the connection whose body was not read', async () => {
    const service = createRewardService({ domains: ['mcq'], limits: { maxBodyBytes: 100 } });
    const server = await listen(service, 0);
    const big = JSON.stringify([{ domain: 'mcq', response: 'x'.repeat(5000), answer: 'A' }]);
    const declared = await rawPost(`${server.url}/v1/verify`, big);
    assert.equal(declared.status, 413);
    assert.equal(JSON.parse(declared.text).error.code, 'body_too_large');
    const chunked = await rawPost(`${server.url}/v1/verify`, big, { 'transfer-encoding': 'chunked' });
    assert.equal(chunked.status, 413);
    assert.equal(chunked.headers.connection, 'close');
    await server.close();
  });

  it('close() stops accepting, finishes the in-flight request, then resolves', async () => {
    let started = false;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const service = createRewardService({
      domains: ['mcq'],
      openVerifier: async () => ({
        verify: async () => {
          started = true;
          await gate;
          return scored(1, true, 'late but scored');
        },
        close: async () => {},
      }),
    });
    const server = await listen(service, 0);
    const inFlight = rawPost(
      `${server.url}/v1/verify`,
      JSON.stringify([{ domain: 'mcq', response: 'A', answer: 'A' }]),
    );
    await until(() => started, 'the request to reach the verifier');
    let closed = false;
    const closing = server.close().then(() => {
      closed = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(closed, false);
    await assert.rejects(fetch(`${server.url}/healthz`));
    release();
    const answer = await inFlight;
    assert.equal(answer.status, 200);
    assert.equal(JSON.parse(answer.text).verdicts[0].reason, 'late but scored');
    await closing;
    assert.equal(closed, true);
  });
});
