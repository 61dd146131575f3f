/** Contract tests against a fake vLLM server on 127.0.0.1 that replays vLLM's documented shapes. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, test } from 'node:test';
import type { CascadeError } from '../../core/errors.ts';
import { chatCompletions } from './chat.ts';
import { completeTokens, scoreTokens } from './completion.ts';
import { createOpenAIEngine } from './engine.ts';
import { createOpenAIPool, normalizeBaseUrl, type OpenAIPoolOptions } from './pool.ts';
import { type FakeHandler, type FakeServer, startFakeServer } from './testing/fake-vllm.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/vllm/${name}`, import.meta.url), 'utf8');
const fixtureJson = (name: string) => JSON.parse(fixture(name));

const servers: FakeServer[] = [];
after(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

async function serve(handler: FakeHandler): Promise<FakeServer> {
  const server = await startFakeServer(handler);
  servers.push(server);
  return server;
}

const fast: Partial<OpenAIPoolOptions> = { retry: { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 5 } };
const posts = (server: FakeServer) => server.requests.filter((request) => request.method === 'POST');

const chatBase = {
  model: 'cascade-8b',
  messages: [{ role: 'user' as const, content: 'What is 6*7?' }],
  n: 2,
  temperature: 0.6,
  topP: 0.95,
  maxTokens: 1024,
};

test('chat: sends the vLLM extras and reads reasoning, tool calls, finish reasons and token ids', async () => {
  const server = await serve(() => ({ json: fixtureJson('chat-completion.json') }));
  const pool = createOpenAIPool({ baseUrls: [server.url], apiKey: 'secret-token', ...fast });
  const choices = await chatCompletions(pool, { ...chatBase, topK: 20, enableThinking: false });
  const [request] = posts(server);
  assert.equal(request.path, '/v1/chat/completions');
  assert.equal(request.headers.authorization, 'Bearer secret-token');
  assert.deepEqual(request.body.chat_template_kwargs, { enable_thinking: false });
  assert.equal(request.body.n, 2);
  assert.equal(request.body.top_p, 0.95);
  assert.equal(request.body.top_k, 20);
  assert.equal(request.body.max_tokens, 1024);
  assert.deepEqual(choices[0], {
    index: 0,
    content: 'The answer is \\boxed{42}.',
    reasoning: '6 times 7 is 42.',
    toolCalls: [],
    finishReason: 'stop',
    tokenIds: [785, 4226, 374, 220, 19, 17, 13, 151645],
  });
  assert.equal(choices[1].content, null);
  assert.equal(choices[1].finishReason, 'tool_calls');
  assert.deepEqual(choices[1].toolCalls, [
    {
      id: 'chatcmpl-tool-a1b2c3',
      type: 'function',
      function: { name: 'get_weather', arguments: '{"city": "Paris"}' },
    },
  ]);
});

test('chat: the older reasoning_content field is read too', async () => {
  const server = await serve(() => ({ json: fixtureJson('chat-completion-reasoning-content.json') }));
  const pool = createOpenAIPool({ baseUrls: [server.url], ...fast });
  const [choice] = await chatCompletions(pool, { ...chatBase, n: 1 });
  assert.equal(choice.reasoning, 'The capital of France.');
  assert.equal(choice.content, 'Paris.');
  assert.equal(posts(server)[0].headers.authorization, undefined);
});

test('chat: streamed SSE deltas accumulate into reasoning, content and one tool call', async () => {
  const chunks = fixture('chat-stream.jsonl')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  const server = await serve(() => ({ sse: chunks }));
  const pool = createOpenAIPool({ baseUrls: [server.url], ...fast });
  const [choice] = await chatCompletions(pool, { ...chatBase, n: 1, stream: true });
  assert.equal(posts(server)[0].body.stream, true);
  assert.deepEqual(choice, {
    index: 0,
    content: 'Checking now.',
    reasoning: 'Need the weather.',
    toolCalls: [
      {
        id: 'chatcmpl-tool-9',
        type: 'function',
        function: { name: 'get_weather', arguments: '{"city": "Paris"}' },
      },
    ],
    finishReason: 'tool_calls',
  });
});

test('completion: prompt token ids out; token ids, per-token logprobs and finish reasons back', async () => {
  const server = await serve(() => ({ json: fixtureJson('completion-token-ids.json') }));
  const pool = createOpenAIPool({ baseUrls: [server.url], ...fast });
  const prompt = [151644, 872, 198, 9707, 151645, 198, 151644, 77091, 198];
  const choices = await completeTokens(pool, {
    model: 'cascade-8b',
    prompt,
    n: 2,
    temperature: 1,
    topP: 1,
    maxTokens: 2,
    stopTokenIds: [151645],
  });
  const { body } = posts(server)[0];
  assert.equal(posts(server)[0].path, '/v1/completions');
  assert.deepEqual(body.prompt, prompt);
  assert.equal(body.return_token_ids, true);
  assert.equal(body.return_tokens_as_token_ids, true);
  assert.equal(body.logprobs, 1);
  assert.deepEqual(body.stop_token_ids, [151645]);
  assert.deepEqual(choices[0].tokenIds, [13048, 1052, 151645]);
  assert.deepEqual(choices[0].logprobs, [-0.25, -1.5, -0.125]);
  assert.equal(choices[0].finishReason, 'stop');
  assert.equal(choices[0].stopReason, 151645);
  assert.deepEqual(choices[1].tokenIds, [9707, 11]);
  assert.equal(choices[1].finishReason, 'length');
});

test('completion: without token_ids the ids come from "token_id:N" logprob tokens', async () => {
  const server = await serve(() => ({ json: fixtureJson('completion-logprob-tokens-only.json') }));
  const pool = createOpenAIPool({ baseUrls: [server.url], ...fast });
  const [choice] = await completeTokens(pool, {
    model: 'm',
    prompt: [1, 2],
    n: 1,
    temperature: 1,
    topP: 1,
    maxTokens: 1,
  });
  assert.deepEqual(choice.tokenIds, [13048]);
  assert.deepEqual(choice.logprobs, [-0.75]);
});

test('completion: a server that returns no token ids at all is a clear error', async () => {
  const server = await serve(() => ({
    json: { choices: [{ index: 0, text: 'Hi', finish_reason: 'stop' }] },
  }));
  const pool = createOpenAIPool({ baseUrls: [server.url], ...fast });
  await assert.rejects(
    completeTokens(pool, {
      model: 'm',
      prompt: [1],
      n: 1,
      temperature: 1,
      topP: 1,
      maxTokens: 1,
      logprobs: false,
    }),
    (error: CascadeError) => error.code === 'openai_no_token_ids' && /return_token_ids/.test(error.message),
  );
});

test('scoring: echo + max_tokens 0 + prompt_logprobs picks each actual token; entry 0 is 0', async () => {
  const server = await serve(() => ({ json: fixtureJson('completion-echo.json') }));
  const pool = createOpenAIPool({ baseUrls: [server.url], ...fast });
  const logprobs = await scoreTokens(pool, 'cascade-8b', [151644, 872, 198, 9707, 151645]);
  const { body } = posts(server)[0];
  assert.equal(body.echo, true);
  assert.equal(body.max_tokens, 0);
  assert.equal(body.prompt_logprobs, 0);
  assert.deepEqual(Array.from(logprobs), [0, -2.5, -0.0625, -4, -0.25]);
});

test('retries: 429 then 500 then success, with backoff, on the same request body', async () => {
  let calls = 0;
  const server = await serve(() => {
    calls++;
    if (calls === 1)
      return { status: 429, text: '{"error":{"message":"slow down"}}', headers: { 'retry-after': '0' } };
    if (calls === 2) return { status: 500, text: 'internal' };
    return { json: fixtureJson('chat-completion-reasoning-content.json') };
  });
  const pool = createOpenAIPool({ baseUrls: [server.url], ...fast });
  const [choice] = await chatCompletions(pool, { ...chatBase, n: 1 });
  assert.equal(choice.content, 'Paris.');
  assert.equal(posts(server).length, 3);
  assert.deepEqual(posts(server)[2].body, posts(server)[0].body);
  assert.deepEqual(pool.stats(), { attempts: 3, retries: 2 });
});

test('a 400 is not retried and the error names the server, the status and the message', async () => {
  const server = await serve(() => ({ status: 400, text: fixture('error-400.json') }));
  const pool = createOpenAIPool({ baseUrls: [server.url], ...fast });
  await assert.rejects(chatCompletions(pool, { ...chatBase, n: 1 }), (error: CascadeError) => {
    assert.equal(error.code, 'openai_http');
    assert.match(error.message, new RegExp(`${server.url}/chat/completions answered HTTP 400`));
    assert.match(error.message, /maximum context length is 32768/);
    return true;
  });
  assert.equal(posts(server).length, 1);
});

test('retries give up after maxRetries with the last error', async () => {
  const server = await serve(() => ({ status: 503, text: '{"message":"overloaded","object":"error"}' }));
  const pool = createOpenAIPool({ baseUrls: [server.url], ...fast });
  await assert.rejects(chatCompletions(pool, { ...chatBase, n: 1 }), (error: CascadeError) => {
    assert.equal(error.code, 'openai_gave_up');
    assert.match(error.message, /HTTP 503: overloaded \(gave up after 4 attempts\)/);
    return true;
  });
  assert.equal(posts(server).length, 4);
});

test('a hung request times out per attempt and is retried, then fails naming the time-out', async () => {
  const server = await serve(() => ({ hang: true }));
  const pool = createOpenAIPool({
    baseUrls: [server.url],
    timeoutMs: 150,
    retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 1 },
  });
  const started = Date.now();
  await assert.rejects(
    chatCompletions(pool, { ...chatBase, n: 1 }),
    /did not answer within 150 ms \(gave up after 2 attempts\)/,
  );
  assert.ok(Date.now() - started >= 300);
  assert.equal(posts(server).length, 2);
});

test('the caller can abort: no retry after an abort', async () => {
  const server = await serve(() => ({ hang: true }));
  const pool = createOpenAIPool({ baseUrls: [server.url], ...fast });
  const controller = new AbortController();
  setTimeout(() => controller.abort(new Error('stop now')), 50);
  await assert.rejects(chatCompletions(pool, { ...chatBase, n: 1 }, controller.signal), /stop now/);
  assert.equal(posts(server).length, 1);
});

test('round-robin over servers; a refused connection moves the request to another server', async () => {
  const a = await serve(() => ({ json: fixtureJson('chat-completion-reasoning-content.json') }));
  const b = await serve(() => ({ json: fixtureJson('chat-completion-reasoning-content.json') }));
  const dead = await serve(() => ({ hang: true }));
  const deadUrl = dead.url;
  await dead.close();
  const pool = createOpenAIPool({ baseUrls: [a.url, deadUrl, b.url], ...fast });
  for (let i = 0; i < 6; i++) await chatCompletions(pool, { ...chatBase, n: 1 });
  assert.equal(posts(a).length + posts(b).length, 6);
  assert.ok(posts(a).length >= 2 && posts(b).length >= 2, `a=${posts(a).length} b=${posts(b).length}`);
  assert.equal(pool.stats().retries, 1, 'the dead server is tried once, then skipped while unhealthy');
});

test('concurrency is bounded per server', async () => {
  let inFlight = 0;
  let peak = 0;
  const server = await serve(async () => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    await new Promise((resolve) => setTimeout(resolve, 30));
    inFlight--;
    return { json: fixtureJson('chat-completion-reasoning-content.json') };
  });
  const pool = createOpenAIPool({ baseUrls: [server.url], concurrencyPerServer: 2, ...fast });
  await Promise.all(Array.from({ length: 7 }, () => chatCompletions(pool, { ...chatBase, n: 1 })));
  assert.equal(posts(server).length, 7);
  assert.equal(peak, 2);
});

test('health: /health, then /v1/models as the fallback; an unreachable server is unhealthy', async () => {
  const vllm = await serve((request) =>
    request.path === '/health' ? { json: {} } : { status: 404, text: '' },
  );
  const other = await serve((request) =>
    request.path === '/v1/models'
      ? { json: { object: 'list', data: [{ id: 'cascade-8b', object: 'model' }] } }
      : { status: 404, text: '' },
  );
  const dead = await serve(() => ({ hang: true }));
  const deadUrl = dead.url;
  await dead.close();
  const pool = createOpenAIPool({ baseUrls: [vllm.url, other.url, deadUrl], ...fast });
  const health = await pool.checkHealth();
  assert.deepEqual(
    health.map((entry) => [entry.healthy, entry.detail.split(':')[0]]),
    [
      [true, 'GET /health 200'],
      [true, 'GET /v1/models 200'],
      [false, 'unreachable'],
    ],
  );
  assert.deepEqual(await createOpenAIPool({ baseUrls: [other.url] }).listModels(), ['cascade-8b']);
});

test('base URLs: a bare host gets /v1; a path is kept', () => {
  assert.equal(normalizeBaseUrl('http://h:8000'), 'http://h:8000/v1');
  assert.equal(normalizeBaseUrl('http://h:8000/v1/'), 'http://h:8000/v1');
  assert.equal(normalizeBaseUrl('https://api.example.com/api/v1'), 'https://api.example.com/api/v1');
  assert.throws(() => normalizeBaseUrl('localhost 8000'), /not a URL/);
});

test('the StepEngine samples through completion mode and refuses to train or save', async () => {
  const server = await serve(() => ({ json: fixtureJson('completion-token-ids.json') }));
  const engine = createOpenAIEngine({
    pool: createOpenAIPool({ baseUrls: [server.url], ...fast }),
    model: 'cascade-8b',
  });
  const completions = await engine.sample([[1, 2, 3]], {
    n: 2,
    maxNewTokens: 8,
    temperature: 1,
    topP: 1,
    stopTokenIds: [151645],
  });
  assert.deepEqual(
    completions.map((completion) => [completion.promptIndex, completion.tokens, completion.finishReason]),
    [
      [0, [13048, 1052, 151645], 'stop'],
      [0, [9707, 11], 'length'],
    ],
  );
  assert.deepEqual(completions[1].logprobs, [-0.5, -3.0]);
  const batch = { sequences: [[1, 2]], weights: [new Float32Array(2)], normalizer: 1, learningRate: 1e-6 };
  await assert.rejects(
    engine.step(batch),
    (error: CascadeError) =>
      error.code === 'engine_cannot_train' && /remote inference server/.test(error.message),
  );
  await assert.rejects(engine.save('/tmp/x'), (error: CascadeError) => error.code === 'engine_cannot_train');
});
