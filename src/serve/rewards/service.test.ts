import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { until } from '../../core/testing/until.ts';
import { scored, type Verdict } from '../../core/verdict.ts';
import type { OpenedVerifier, VerifierDomain } from '../../verifiers/registry.ts';
import { createRewardService, type RewardServiceOptions } from './service.ts';

const BASE = 'http://reward.test';

function post(path: string, body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(`${BASE}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function verdictsOf(response: Response): Promise<Array<Verdict & { id?: string | number }>> {
  assert.equal(response.status, 200, await response.clone().text());
  const body = (await response.json()) as { verdicts: Array<Verdict & { id?: string | number }> };
  return body.verdicts;
}

/** A verifier whose checks wait until `release()`; counts how often it was opened and closed. */
function gatedOpener() {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const state = { opened: 0, closed: 0, started: 0, release };
  const open = async (_domain: VerifierDomain): Promise<OpenedVerifier<unknown>> => {
    state.opened += 1;
    return {
      verify: async (_task, response) => {
        state.started += 1;
        await gate;
        return scored(response === 'yes' ? 1 : 0, response === 'yes', 'gated check');
      },
      close: async () => {
        state.closed += 1;
      },
    };
  };
  return { state, open };
}

const ifevalRow = {
  domain: 'ifeval',
  response: 'all lower case here',
  instruction_id_list: ['change_case:english_lowercase'],
  kwargs: [{}],
};
const toolRow = {
  domain: 'tool',
  response: '<tool_call>\n{"name": "add", "arguments": {"a": 1, "b": 2}}\n</tool_call>',
  expected: [{ add: { a: [1], b: [2] } }],
};

function service(options: RewardServiceOptions = {}) {
  return createRewardService({ domains: ['mcq', 'ifeval', 'tool', 'language'], ...options });
}

describe('POST /v1/verify', () => {
  it('answers every row in request order, echoing ids, across domains', async () => {
    const rewards = service();
    const rows = [
      { id: 'a', domain: 'mcq', response: 'The answer is (B).', answer: 'B' },
      { id: 7, ...ifevalRow },
      { id: 'c', ...toolRow },
      { id: 'd', domain: 'mcq', response: 'Answer: C', answer: 'B' },
      { ...ifevalRow, response: 'NOT lower' },
    ];
    const verdicts = await verdictsOf(await rewards.handle(post('/v1/verify', rows)));
    assert.deepEqual(
      verdicts.map((v) => [v.id, v.status, v.correct, v.reward]),
      [
        ['a', 'scored', true, 1],
        [7, 'scored', true, 1],
        ['c', 'scored', true, 1],
        ['d', 'scored', false, 0],
        [undefined, 'scored', false, 0],
      ],
    );
    assert.equal('id' in verdicts[4], false);
    for (const verdict of verdicts) {
      assert.deepEqual(
        Object.keys(verdict)
          .filter((key) => key !== 'id')
          .sort(),
        ['correct', 'details', 'reason', 'reward', 'status'],
      );
    }
    await rewards.close();
  });

  it('accepts {rows: [...]} and an empty batch', async () => {
    const rewards = service();
    const one = await verdictsOf(
      await rewards.handle(post('/v1/verify', { rows: [{ domain: 'mcq', response: 'A', answer: 'A' }] })),
    );
    assert.equal(one[0].correct, true);
    assert.deepEqual(await verdictsOf(await rewards.handle(post('/v1/verify', []))), []);
    await rewards.close();
  });

  it('turns each bad row into an error verdict naming its index; the batch still succeeds', async () => {
    const rewards = service();
    const rows = [
      'not an object',
      { id: 'no-domain', response: 'x', answer: 'A' },
      { id: 'unknown', domain: 'chemistry', response: 'x' },
      { id: 'not-served', domain: 'math', response: '\\boxed{1}', answer: '1' },
      { id: 'no-response', domain: 'mcq', answer: 'A' },
      { id: 'bad-field', domain: 'mcq', response: 'A', answer: 'Q' },
      {
        id: 'bad-instruction',
        domain: 'ifeval',
        response: 'x',
        instruction_id_list: ['made:up'],
        kwargs: [{}],
      },
      { id: 'good', domain: 'mcq', response: 'A', answer: 'A' },
    ];
    const verdicts = await verdictsOf(await rewards.handle(post('/v1/verify', rows)));
    assert.deepEqual(
      verdicts.map((v) => [v.id, v.status, v.reward, v.correct]),
      [
        [undefined, 'error', 0, false],
        ['no-domain', 'error', 0, false],
        ['unknown', 'error', 0, false],
        ['not-served', 'error', 0, false],
        ['no-response', 'error', 0, false],
        ['bad-field', 'error', 0, false],
        ['bad-instruction', 'error', 0, false],
        ['good', 'scored', 1, true],
      ],
    );
    assert.match(verdicts[0].reason, /^row 0: a row must be a JSON object/);
    assert.match(verdicts[1].reason, /^row 1: missing string field "domain"/);
    assert.match(verdicts[2].reason, /^row 2: unknown domain "chemistry"/);
    assert.match(verdicts[3].reason, /^row 3: domain "math" is not served here/);
    assert.match(verdicts[4].reason, /^row 4: missing string field "response"/);
    assert.match(verdicts[5].reason, /^row 5: bad mcq row at answer/);
    assert.match(verdicts[6].reason, /^row 6: .*made:up/);
    await rewards.close();
  });

  it('answers 400 for a body that is not JSON or not a batch', async () => {
    const rewards = service();
    const notJson = await rewards.handle(post('/v1/verify', '[{"domain": '));
    assert.equal(notJson.status, 400);
    assert.equal(((await notJson.json()) as { error: { code: string } }).error.code, 'bad_json');
    const notBatch = await rewards.handle(post('/v1/verify', { domain: 'mcq' }));
    assert.equal(notBatch.status, 400);
    assert.equal(((await notBatch.json()) as { error: { code: string } }).error.code, 'bad_batch');
    await rewards.close();
  });

  it('answers 413 with a JSON error for a body over the byte limit or a batch over the row limit', async () => {
    const rewards = service({ limits: { maxBodyBytes: 1000, maxBatchRows: 3 } });
    const big = [{ domain: 'mcq', response: 'x'.repeat(2000), answer: 'A' }];
    const declared = await rewards.handle(post('/v1/verify', big));
    assert.equal(declared.status, 413);
    assert.equal(declared.headers.get('content-type')?.startsWith('application/json'), true);
    assert.equal(((await declared.json()) as { error: { code: string } }).error.code, 'body_too_large');

    // a streamed body with no Content-Length is cut off once it passes the limit
    const chunk = new TextEncoder().encode(JSON.stringify(big));
    const streamed = new Request(`${BASE}/v1/verify`, {
      method: 'POST',
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(chunk);
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    assert.equal(streamed.headers.get('content-length'), null);
    assert.equal((await rewards.handle(streamed)).status, 413);

    const rows = Array.from({ length: 4 }, () => ({ domain: 'mcq', response: 'A', answer: 'A' }));
    const tooMany = await rewards.handle(post('/v1/verify', rows));
    assert.equal(tooMany.status, 413);
    const error = ((await tooMany.json()) as { error: { code: string; message: string } }).error;
    assert.equal(error.code, 'batch_too_large');
    assert.match(error.message, /4 rows; the limit is 3/);
    assert.equal((await rewards.handle(post('/v1/verify', rows.slice(0, 3)))).status, 200);
    await rewards.close();
  });

  it('answers 429 with Retry-After when the batch would overflow the queue, and admits again once it drains', async () => {
    const { state, open } = gatedOpener();
    const rewards = service({
      openVerifier: open,
      limits: { concurrency: { mcq: 1 }, maxQueue: 2, maxBatchRows: 2, retryAfterSeconds: 3 },
    });
    const row = { domain: 'mcq', response: 'yes', answer: 'A' };
    // one row runs, one waits: the queue holds 1 of 2
    const first = rewards.handle(post('/v1/verify', [row, row]));
    await until(() => state.started === 1, 'the first row to start');
    assert.equal(rewards.queueDepth(), 1);
    const refused = await rewards.handle(post('/v1/verify', [row, row]));
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('retry-after'), '3');
    assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'queue_full');
    // bad rows need no verifier slot, so they are still answered
    const bad = await verdictsOf(await rewards.handle(post('/v1/verify', [{ domain: 'mcq' }])));
    assert.equal(bad[0].status, 'error');

    state.release();
    assert.deepEqual(
      (await verdictsOf(await first)).map((v) => v.reward),
      [1, 1],
    );
    assert.equal(rewards.queueDepth(), 0);
    assert.equal((await rewards.handle(post('/v1/verify', [row, row]))).status, 200);
    assert.match(
      rewards.metrics.render(),
      /cascade_reward_requests_total\{route="\/v1\/verify",code="429"\} 1\n/,
    );
    await rewards.close();
  });

  it('runs at most the domain concurrency at once and opens the verifier once, lazily', async () => {
    const { state, open } = gatedOpener();
    const rewards = service({ openVerifier: open, limits: { concurrency: { mcq: 2 } } });
    assert.equal(state.opened, 0);
    const rows = Array.from({ length: 5 }, (_, i) => ({
      id: i,
      domain: 'mcq',
      response: 'yes',
      answer: 'A',
    }));
    const pending = rewards.handle(post('/v1/verify', rows));
    const again = rewards.handle(post('/v1/verify', rows.slice(0, 1)));
    await until(() => state.started === 2, 'two rows to start');
    // give a third row the chance to start, were the limit not kept
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(state.started, 2);
    assert.equal(rewards.queueDepth(), 4);
    state.release();
    assert.deepEqual(
      (await verdictsOf(await pending)).map((v) => v.id),
      [0, 1, 2, 3, 4],
    );
    await verdictsOf(await again);
    assert.equal(state.opened, 1);
    await rewards.close();
    assert.equal(state.closed, 1);
  });

  it('a verifier that cannot open fails only its own rows, and is retried on the next request', async () => {
    let attempts = 0;
    const rewards = service({
      openVerifier: async (domain) => {
        attempts += 1;
        if (attempts === 1) throw new Error('no sandbox here');
        return { verify: async () => scored(1, true, `${domain} ok`), close: async () => {} };
      },
    });
    const rows = [{ domain: 'mcq', response: 'A', answer: 'A' }];
    const first = await verdictsOf(await rewards.handle(post('/v1/verify', rows)));
    assert.equal(first[0].status, 'error');
    assert.match(first[0].reason, /^row 0: cannot open the mcq verifier: no sandbox here/);
    const second = await verdictsOf(await rewards.handle(post('/v1/verify', rows)));
    assert.equal(second[0].status, 'scored');
    assert.equal(attempts, 2);
    await rewards.close();
  });
});

describe('graceful shutdown', () => {
  it('refuses new work with 503, finishes admitted batches, then closes the verifiers', async () => {
    const { state, open } = gatedOpener();
    const rewards = service({ openVerifier: open });
    const row = { id: 'x', domain: 'mcq', response: 'yes', answer: 'A' };
    const inFlight = rewards.handle(post('/v1/verify', [row, row]));
    await until(() => state.started > 0, 'the batch to start');
    let closed = false;
    const closing = rewards.close().then(() => {
      closed = true;
    });
    const late = await rewards.handle(post('/v1/verify', [row]));
    assert.equal(late.status, 503);
    assert.equal(late.headers.get('retry-after'), '1');
    assert.equal((await rewards.handle(new Request(`${BASE}/healthz`))).status, 503);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(closed, false, 'close() must wait for the admitted batch');
    assert.equal(state.closed, 0);
    state.release();
    const verdicts = await verdictsOf(await inFlight);
    assert.deepEqual(
      verdicts.map((v) => [v.id, v.reward]),
      [
        ['x', 1],
        ['x', 1],
      ],
    );
    await closing;
    assert.equal(closed, true);
    assert.equal(state.closed, 1);
    await rewards.close();
  });
  it('admits a request that arrived before close() even if its body finishes after', async () => {
    const rewards = service();
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        controller = c;
      },
    });
    const text = JSON.stringify([{ domain: 'mcq', response: 'Answer: A', answer: 'A' }]);
    const encoded = new TextEncoder().encode(text);
    controller.enqueue(encoded.slice(0, 10));
    const pending = rewards.handle(
      new Request(`${BASE}/v1/verify`, { method: 'POST', body, duplex: 'half' } as RequestInit),
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
    const closing = rewards.close();
    controller.enqueue(encoded.slice(10));
    controller.close();
    const verdicts = await verdictsOf(await pending);
    assert.equal(verdicts[0].reward, 1);
    await closing;
  });
});

describe('GET /healthz, GET /metrics, other routes', () => {
  it('healthz lists the served domains', async () => {
    const rewards = service();
    const response = await rewards.handle(new Request(`${BASE}/healthz`));
    assert.equal(response.status, 200);
    const body = (await response.json()) as { status: string; domains: string[] };
    assert.equal(body.status, 'ok');
    assert.deepEqual(body.domains.sort(), ['ifeval', 'language', 'mcq', 'tool']);
    await rewards.close();
  });

  it('metrics are Prometheus text: HELP/TYPE, verdicts by status, histograms, queue depth', async () => {
    const rewards = service();
    await rewards.handle(
      post('/v1/verify', [
        { domain: 'mcq', response: 'A', answer: 'A' },
        { domain: 'mcq', response: 'B', answer: 'A' },
        { domain: 'mcq', answer: 'A' },
        { domain: 'nope', response: 'A' },
      ]),
    );
    await rewards.handle(post('/v1/verify', 'not json'));
    const response = await rewards.handle(new Request(`${BASE}/metrics`));
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    assert.ok(text.endsWith('\n'));
    const sample =
      /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*"(,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*")*\})? (-?[0-9.e+-]+|\+Inf|NaN)$/;
    const typed = new Map<string, string>();
    for (const line of text.trimEnd().split('\n')) {
      if (line.startsWith('# TYPE ')) {
        const [, , name, type] = line.split(' ');
        typed.set(name, type);
      } else if (!line.startsWith('# HELP ')) {
        assert.match(line, sample, `not a sample line: ${line}`);
        const name = line.split(/[{ ]/)[0];
        const family = typed.has(name) ? name : name.replace(/_(bucket|sum|count)$/, '');
        assert.ok(typed.has(family), `sample ${name} comes before its # TYPE`);
      }
    }
    assert.equal(typed.get('cascade_reward_requests_total'), 'counter');
    assert.equal(typed.get('cascade_reward_verdicts_total'), 'counter');
    assert.equal(typed.get('cascade_reward_request_duration_seconds'), 'histogram');
    assert.equal(typed.get('cascade_reward_queue_depth'), 'gauge');
    assert.match(text, /\ncascade_reward_verdicts_total\{domain="mcq",status="scored"\} 2\n/);
    assert.match(text, /\ncascade_reward_verdicts_total\{domain="mcq",status="error"\} 1\n/);
    assert.match(text, /\ncascade_reward_verdicts_total\{domain="none",status="error"\} 1\n/);
    assert.match(text, /\ncascade_reward_requests_total\{route="\/v1\/verify",code="200"\} 1\n/);
    assert.match(text, /\ncascade_reward_requests_total\{route="\/v1\/verify",code="400"\} 1\n/);
    assert.match(text, /\ncascade_reward_queue_depth 0\n/);
    assert.match(
      text,
      /\ncascade_reward_request_duration_seconds_bucket\{route="\/v1\/verify",le="\+Inf"\} 2\n/,
    );
    assert.match(text, /\ncascade_reward_request_duration_seconds_count\{route="\/v1\/verify"\} 2\n/);
    assert.match(text, /\ncascade_reward_verify_duration_seconds_count\{domain="mcq"\} 2\n/);
    await rewards.close();
  });

  it('unknown paths are 404 and wrong methods 405 with Allow', async () => {
    const rewards = service();
    assert.equal((await rewards.handle(new Request(`${BASE}/v2/other`))).status, 404);
    const wrong = await rewards.handle(new Request(`${BASE}/v1/verify`));
    assert.equal(wrong.status, 405);
    assert.equal(wrong.headers.get('allow'), 'POST');
    assert.equal((await rewards.handle(post('/metrics', {}))).status, 405);
    await rewards.close();
  });
});

describe('POST /openrlhf', () => {
  it('takes {query, prompts, labels} and answers {rewards} in order', async () => {
    const rewards = service();
    const prompt = '<|im_start|>user\nPick one.<|im_end|>\n<|im_start|>assistant\n';
    const body = {
      query: [`${prompt}The answer is (B).`, `${prompt}The answer is (C).`, `${prompt}all lower case`],
      prompts: [prompt, prompt, prompt],
      labels: [
        'B',
        '{"domain": "mcq", "answer": "B"}',
        JSON.stringify({
          domain: 'ifeval',
          instruction_id_list: ['change_case:english_lowercase'],
          kwargs: [{}],
        }),
      ],
    };
    const response = await rewards.handle(post('/openrlhf?domain=mcq', body));
    assert.equal(response.status, 200);
    const answer = (await response.json()) as {
      rewards: number[];
      scores: number[];
      extra_logs: { correct: number[] };
    };
    assert.deepEqual(answer.rewards, [1, 0, 1]);
    assert.deepEqual(answer.scores, [1, 0, 1]);
    assert.deepEqual(answer.extra_logs.correct, [1, 0, 1]);
    const bad = await rewards.handle(post('/openrlhf', { query: ['a'], labels: ['x', 'y'] }));
    assert.equal(bad.status, 400);
    await rewards.close();
  });
});
