// Contract tests against vLLM's response shapes (hand-written fixtures from its documented protocol):
// 1. Cascade's OpenAI engine reads each fixture (replayed by a fake vLLM server);
// 2. `cascade serve`, asked the same request, answers in the same shape (every field the fixture has,
//    with the same JSON type, recursively);
// 3. the engine reads what the server writes (chat, streamed chat, token completions, scoring).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  chatCompletions,
  completeTokens,
  createOpenAIPool,
  scoreTokens,
} from '../../src/engine/openai/index.ts';
import { type FakeServer, startFakeServer } from '../../src/engine/openai/testing/fake-vllm.ts';
import { createOpenAIService, listenOpenAI } from '../../src/serve/openai/index.ts';
import { scriptedBackend } from '../../src/serve/openai/testing/scripted-backend.ts';
import { createByteTokenizer } from '../../src/tokenizer/index.ts';

// biome-ignore lint/suspicious/noExplicitAny: fixtures and responses are checked field by field
type Wire = any;
const ROOT = join(import.meta.dirname, '..', '..');
const VLLM = join(ROOT, 'test/fixtures/vllm');
const MORE = join(ROOT, 'src/serve/openai/testing/vllm');
const json = (dir: string, name: string): Wire => JSON.parse(readFileSync(join(dir, name), 'utf8'));
const jsonl = (dir: string, name: string): Wire[] =>
  readFileSync(join(dir, name), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));

/**
 * `actual` has every field `expected` has, with the same JSON type, recursively. A null in the
 * fixture accepts anything (vLLM writes null for what was not asked); an object keyed by token ids
 * (`"151645"`, `"token_id:N"`) is a map: each of ours matches the fixture's first value. One
 * documented difference: `rank` may be null (the engine does not rank the vocabulary).
 */
function assertShape(actual: Wire, expected: Wire, path = '$'): void {
  if (expected === null) return;
  if (path.endsWith('.rank') && actual === null) return;
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path}: expected an array, got ${JSON.stringify(actual)}`);
    if (expected.length === 0) return;
    actual.forEach((item: Wire, i: number) => {
      assertShape(item, expected[Math.min(i, expected.length - 1)], `${path}[${i}]`);
    });
    return;
  }
  if (typeof expected === 'object') {
    assert.ok(
      actual !== null && typeof actual === 'object' && !Array.isArray(actual),
      `${path}: expected an object, got ${JSON.stringify(actual)}`,
    );
    const keys = Object.keys(expected);
    if (keys.length > 0 && keys.every((key) => /^(token_id:)?\d+$/.test(key))) {
      for (const [key, value] of Object.entries(actual)) {
        assert.match(key, /^(token_id:)?\d+$|^.$|^.+$/, `${path}: key ${key}`);
        assertShape(value, expected[keys[0]], `${path}.${key}`);
      }
      return;
    }
    for (const key of keys) {
      assert.ok(key in actual, `${path}: missing field "${key}"`);
      assertShape(actual[key], expected[key], `${path}.${key}`);
    }
    return;
  }
  assert.equal(
    typeof actual,
    typeof expected,
    `${path}: ${JSON.stringify(actual)} is not a ${typeof expected}`,
  );
}

/** Each fixture chunk has a chunk of ours in its shape (ours may split or merge deltas differently). */
function assertChunksCover(ours: Wire[], fixture: Wire[]): void {
  for (const [index, expected] of fixture.entries()) {
    const kinds = (chunk: Wire) =>
      Object.keys(chunk.choices?.[0]?.delta ?? { text: 1 })
        .sort()
        .join(',');
    const candidates = ours.filter((chunk) => {
      const a = kinds(chunk);
      return (
        kinds(expected)
          .split(',')
          .filter(Boolean)
          .every((key) => a.split(',').includes(key)) &&
        (expected.choices[0].finish_reason === null) === (chunk.choices[0]?.finish_reason == null)
      );
    });
    assert.ok(
      candidates.length > 0,
      `no chunk of ours is like fixture chunk ${index}: ${JSON.stringify(expected)}`,
    );
    const errors: string[] = [];
    const fits = candidates.some((chunk) => {
      try {
        assertShape(chunk, expected);
        return true;
      } catch (error) {
        errors.push((error as Error).message);
        return false;
      }
    });
    assert.ok(fits, `fixture chunk ${index}: ${errors[0]}`);
  }
}

const tokenizer = createByteTokenizer();
const imEnd = tokenizer.tokenId('<|im_end|>') as number;
const THINK_CALL =
  '<think>\nLook it up.\n</think>\n\nChecking now.\n<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}}\n</tool_call>';
const WEATHER = {
  type: 'function',
  function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
};

function ourService(reply: (prompt: string, sample: number) => string) {
  return createOpenAIService({
    backend: scriptedBackend(tokenizer, reply, { logprob: -0.25 }),
    tokenizer,
    family: 'qwen3',
    modelId: 'cascade-8b',
  });
}

async function ask(
  path: string,
  body: unknown,
  reply: (prompt: string, sample: number) => string,
): Promise<Wire> {
  const response = await ourService(reply).handle(
    new Request(`http://local${path}`, { method: 'POST', body: JSON.stringify(body) }),
  );
  assert.equal(response.status, 200);
  if (!(body as { stream?: boolean }).stream) return response.json();
  const events = (await response.text()).split('\n\n').filter(Boolean);
  assert.equal(events.pop(), 'data: [DONE]');
  return events.map((event) => JSON.parse(event.slice('data: '.length)));
}

const fakes: FakeServer[] = [];
after(() => Promise.all(fakes.map((fake) => fake.close())));
async function replay(reply: Parameters<typeof startFakeServer>[0]) {
  const fake = await startFakeServer(reply);
  fakes.push(fake);
  return createOpenAIPool({ baseUrls: [fake.url], retry: { maxRetries: 0 } });
}

describe('our OpenAI engine reads vLLM fixtures', () => {
  it('completion with token_ids and token_id:N logprobs; and with token_id:N only', async () => {
    const full = json(VLLM, 'completion-token-ids.json');
    const pool = await replay(() => ({ json: full }));
    const choices = await completeTokens(pool, {
      model: 'cascade-8b',
      prompt: full.choices[0].prompt_token_ids,
      n: 2,
      temperature: 1,
      topP: 1,
      maxTokens: 3,
      stopTokenIds: [151645],
    });
    assert.deepEqual(
      choices.map((c) => c.tokenIds),
      [
        [13048, 1052, 151645],
        [9707, 11],
      ],
    );
    assert.deepEqual(choices[0].logprobs, [-0.25, -1.5, -0.125]);
    assert.deepEqual(
      choices.map((c) => c.finishReason),
      ['stop', 'length'],
    );
    const old = json(VLLM, 'completion-logprob-tokens-only.json');
    const pool2 = await replay(() => ({ json: old }));
    const [only] = await completeTokens(pool2, {
      model: 'm',
      prompt: [1],
      n: 1,
      temperature: 1,
      topP: 1,
      maxTokens: 1,
    });
    assert.deepEqual([only.tokenIds, only.logprobs], [[13048], [-0.75]]);
  });

  it('echo scoring: prompt_logprobs picked by token id', async () => {
    const echo = json(VLLM, 'completion-echo.json');
    const pool = await replay(() => ({ json: echo }));
    const scores = await scoreTokens(pool, 'cascade-8b', echo.choices[0].prompt_token_ids);
    assert.deepEqual(Array.from(scores), [0, -2.5, -0.0625, -4, -0.25]);
  });

  it('chat: reasoning (both names), tool calls, streamed chunks', async () => {
    const chat = json(VLLM, 'chat-completion.json');
    const old = json(VLLM, 'chat-completion-reasoning-content.json');
    const stream = jsonl(VLLM, 'chat-stream.jsonl');
    const streamIds = jsonl(MORE, 'chat-stream-token-ids.jsonl');
    const pool = await replay((request) => {
      if (request.body.stream) return { sse: request.body.model === 'ids' ? streamIds : stream };
      return { json: request.body.model === 'old' ? old : chat };
    });
    const request = {
      messages: [{ role: 'user' as const, content: 'q' }],
      temperature: 1,
      topP: 1,
      maxTokens: 9,
    };
    const choices = await chatCompletions(pool, { ...request, model: 'm', n: 2 });
    assert.equal(choices[0].reasoning, '6 times 7 is 42.');
    assert.deepEqual(choices[1].toolCalls[0].function, {
      name: 'get_weather',
      arguments: '{"city": "Paris"}',
    });
    assert.deepEqual(choices[0].tokenIds, chat.choices[0].token_ids);
    const [oldChoice] = await chatCompletions(pool, { ...request, model: 'old', n: 1 });
    assert.equal(oldChoice.reasoning, 'The capital of France.');
    const [streamed] = await chatCompletions(pool, { ...request, model: 'm', n: 1, stream: true });
    assert.deepEqual(
      [streamed.reasoning, streamed.content, streamed.finishReason],
      ['Need the weather.', 'Checking now.', 'tool_calls'],
    );
    assert.deepEqual(streamed.toolCalls[0].function, { name: 'get_weather', arguments: '{"city": "Paris"}' });
    const [withIds] = await chatCompletions(pool, { ...request, model: 'ids', n: 1, stream: true });
    assert.deepEqual(withIds.tokenIds, [151667, 198, 38, 151668, 271, 9707, 151645]);
    assert.equal(withIds.reasoning, 'Greet');
  });
});

describe('cascade serve answers in vLLM’s shapes', () => {
  it('chat completion (reasoning, tool calls, token ids)', async () => {
    const ours = await ask(
      '/v1/chat/completions',
      { messages: [{ role: 'user', content: 'weather?' }], tools: [WEATHER], n: 2, return_token_ids: true },
      (_prompt, sample) =>
        sample === 0 ? '<think>\nSix times seven.\n</think>\n\nThe answer is 42.' : THINK_CALL,
    );
    const fixture = json(VLLM, 'chat-completion.json');
    fixture.prompt_token_ids = [1];
    assertShape(ours, fixture);
    assert.equal(ours.choices[1].finish_reason, 'tool_calls');
    assertShape(
      ours.choices[0].message,
      json(VLLM, 'chat-completion-reasoning-content.json').choices[0].message,
    );
  });

  it('chat logprobs with token_id:N tokens', async () => {
    const ours = await ask(
      '/v1/chat/completions',
      {
        messages: [{ role: 'user', content: 'hi /no_think' }],
        logprobs: true,
        top_logprobs: 1,
        return_tokens_as_token_ids: true,
      },
      () => 'Hi',
    );
    assertShape(ours, json(MORE, 'chat-logprobs.json'));
    assert.deepEqual(
      ours.choices[0].logprobs.content.map((entry: Wire) => entry.token),
      ['token_id:72', 'token_id:105', `token_id:${imEnd}`],
    );
  });

  it('streamed chat chunks, with and without token ids', async () => {
    const request = { messages: [{ role: 'user', content: 'weather?' }], tools: [WEATHER], stream: true };
    assertChunksCover(
      await ask('/v1/chat/completions', request, () => THINK_CALL),
      jsonl(VLLM, 'chat-stream.jsonl'),
    );
    assertChunksCover(
      await ask(
        '/v1/chat/completions',
        { ...request, return_token_ids: true },
        () => '<think>\nGreet\n</think>\n\nHello',
      ),
      jsonl(MORE, 'chat-stream-token-ids.jsonl'),
    );
  });

  it('token completion with token_ids and token_id:N logprobs', async () => {
    const fixture = json(VLLM, 'completion-token-ids.json');
    const ours = await ask(
      '/v1/completions',
      {
        prompt: [1, 2, 3],
        n: 2,
        max_tokens: 5,
        logprobs: 1,
        return_token_ids: true,
        return_tokens_as_token_ids: true,
        stop_token_ids: [imEnd],
      },
      (_p, sample) => (sample === 0 ? 'Hi' : 'Hello there'),
    );
    assertShape(ours, fixture);
    // the engine's stop token as stop_reason when the request named it, as vLLM does
    assert.equal(ours.choices[0].stop_reason, imEnd);
    assert.equal(ours.choices[1].finish_reason, 'length');
    assertShape(ours, json(VLLM, 'completion-logprob-tokens-only.json'));
  });

  it('echo + max_tokens 0 scoring', async () => {
    const ours = await ask(
      '/v1/completions',
      { prompt: [10, 20, 30, 40], max_tokens: 0, echo: true, prompt_logprobs: 0 },
      () => '',
    );
    assertShape(ours, json(VLLM, 'completion-echo.json'));
    assert.equal(ours.choices[0].prompt_logprobs[0], null);
    assert.deepEqual(Object.keys(ours.choices[0].prompt_logprobs[2]), ['30']);
  });

  it('streamed token completion', async () => {
    const ours = await ask(
      '/v1/completions',
      { prompt: [1, 2], stream: true, logprobs: 1, return_token_ids: true, return_tokens_as_token_ids: true },
      () => 'Hi there',
    );
    assertChunksCover(ours, jsonl(MORE, 'completion-stream.jsonl'));
  });

  it('errors', async () => {
    const response = await ourService(() => '').handle(
      new Request('http://local/v1/completions', {
        method: 'POST',
        body: JSON.stringify({ prompt: 'x', n: -1 }),
      }),
    );
    assert.equal(response.status, 400);
    assertShape(await response.json(), json(VLLM, 'error-400.json'));
  });
});

describe('our engine reads what cascade serve writes', () => {
  it('chat (plain and streamed), token completions and scoring over HTTP', async () => {
    const service = ourService((prompt) => (prompt.includes('weather') ? THINK_CALL : 'Hello'));
    const server = await listenOpenAI(service, 0);
    try {
      const pool = createOpenAIPool({ baseUrls: [server.url] });
      const request = {
        model: 'cascade-8b',
        messages: [{ role: 'user' as const, content: 'weather?' }],
        tools: [WEATHER as never],
        n: 2,
        temperature: 1,
        topP: 1,
        maxTokens: 300,
      };
      for (const stream of [false, true]) {
        const choices = await chatCompletions(pool, { ...request, stream });
        assert.equal(choices.length, 2);
        for (const choice of choices) {
          assert.equal(choice.reasoning, 'Look it up.');
          assert.equal(choice.content, 'Checking now.');
          assert.equal(choice.finishReason, 'tool_calls');
          assert.equal(choice.toolCalls[0].function.name, 'get_weather');
          assert.deepEqual(JSON.parse(choice.toolCalls[0].function.arguments as string), { city: 'Paris' });
        }
      }
      const [choice] = await completeTokens(pool, {
        model: 'cascade-8b',
        prompt: [5, 6],
        n: 1,
        temperature: 1,
        topP: 1,
        maxTokens: 10,
        stopTokenIds: [imEnd],
      });
      assert.deepEqual(choice.tokenIds, [...tokenizer.encode('Hello'), imEnd]);
      assert.deepEqual(choice.logprobs, [-0.25, -0.25, -0.25, -0.25, -0.25, -0.25]);
      const scores = await scoreTokens(pool, 'cascade-8b', [5, 6, 7]);
      assert.deepEqual(Array.from(scores), [0, -0.25, -0.25]);
    } finally {
      await server.close();
    }
  });
});
