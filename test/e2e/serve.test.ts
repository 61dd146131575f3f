// Dogfood: the real `openai` npm client against `cascade serve` on a tiny checkpoint trained in the
// test to answer two prompts exactly (a thinking turn with a tool call, an instruct turn), so greedy
// sampling from the real engine gives reasoning and tool calls to parse. The server runs in this
// process through the command's own start function (a child process costs seconds to start); the
// process itself, its URL line and SIGTERM, are checked with CASCADE_SLOW_TESTS.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { startServe as startServeInProcess } from '../../src/cli/serve.ts';
import { createEmbeddedEngine } from '../../src/engine/embedded/engine.ts';
import { loadKernels } from '../../src/engine/embedded/kernels/select.ts';
import { createOpenAIEngine, createOpenAIPool } from '../../src/engine/openai/index.ts';
import { type Lesson, saveMemorizedCheckpoint } from '../../src/serve/openai/testing/tiny-checkpoint.ts';
import { createByteTokenizer } from '../../src/tokenizer/index.ts';
import { startServe } from './serve-process.ts';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field
type Wire = any;
const wire = async (response: Response | Promise<Response>): Promise<Wire> => (await response).json();

const KEY = 'test-key';
const MODEL = 'tiny-cascade';
const tokenizer = createByteTokenizer();
const imEnd = tokenizer.tokenId('<|im_end|>') as number;
const WEATHER = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};
const LESSONS: Lesson[] = [
  {
    messages: [{ role: 'user', content: 'Weather in Paris?' }],
    answer:
      '<think>\nI need the weather tool.\n</think>\n\n<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}}\n</tool_call>',
    mode: 'think',
    tools: [WEATHER],
  },
  { messages: [{ role: 'user', content: 'Say hello /no_think' }], answer: 'Hello there!', mode: 'no_think' },
];

const root = mkdtempSync(join(tmpdir(), 'cascade-serve-e2e-'));
let checkpoint: string;
let served: { url: string; close(): Promise<void> };
const slow = process.env.CASCADE_SLOW_TESTS ? false : 'slow: set CASCADE_SLOW_TESTS=1';
let client: OpenAI;

before(async () => {
  const kernels = await loadKernels('auto');
  try {
    const trained = await saveMemorizedCheckpoint(root, LESSONS, 'qwen3', { kernels });
    assert.ok(trained.loss < 0.05, `memorization did not converge: loss ${trained.loss}`);
    checkpoint = trained.dir;
  } finally {
    await kernels.dispose();
  }
  const lines: string[] = [];
  const { server } = await startServeInProcess(
    {
      checkpoint,
      servedModelName: MODEL,
      family: 'qwen3',
      apiKey: KEY,
      maxBodyBytes: 20_000,
      port: 0,
      host: '127.0.0.1',
      maxModelLen: 4096,
      seed: 0,
      maxBatchRows: 64,
      batchWindowMs: 0,
    },
    { write: (line: string) => lines.push(line) } as unknown as NodeJS.WritableStream &
      import('node:stream').Writable,
  );
  assert.match(
    lines.join(''),
    /^cascade serve: listening on http:\/\/127\.0\.0\.1:\d+ \(model tiny-cascade, embedded:/,
  );
  served = server;
  client = new OpenAI({ baseURL: `${served.url}/v1`, apiKey: KEY, maxRetries: 0 });
});

after(async () => {
  await served?.close();
  rmSync(root, { recursive: true, force: true });
});

type WithReasoning = { reasoning?: string | null; reasoning_content?: string | null };

describe('cascade serve with the openai client', () => {
  it('lists the model', async () => {
    const models = await client.models.list();
    assert.deepEqual(
      models.data.map((model) => model.id),
      [MODEL],
    );
  });

  it('chat: reasoning under both names and a parsed tool call', async () => {
    const completion = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools: [WEATHER],
      temperature: 0,
      max_tokens: 200,
    });
    const [choice] = completion.choices;
    const message = choice.message as typeof choice.message & WithReasoning;
    assert.equal(message.reasoning_content, 'I need the weather tool.');
    assert.equal(message.reasoning, 'I need the weather tool.');
    assert.equal(message.content, null);
    assert.equal(choice.finish_reason, 'tool_calls');
    const call = message.tool_calls?.[0];
    assert.ok(call && call.type === 'function');
    assert.equal(call.function.name, 'get_weather');
    assert.deepEqual(JSON.parse(call.function.arguments), { city: 'Paris' });
    assert.equal(completion.usage?.completion_tokens, tokenizer.encode(LESSONS[0].answer).length + 1);
  });

  it('chat streaming: deltas accumulate to the same answer', async () => {
    const stream = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools: [WEATHER],
      temperature: 0,
      max_tokens: 200,
      stream: true,
    });
    let reasoning = '';
    let content = '';
    let finish: string | null = null;
    const calls: { name: string; arguments: string }[] = [];
    let chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      const choice = chunk.choices[0];
      if (!choice) continue;
      const delta = choice.delta as typeof choice.delta & WithReasoning;
      reasoning += delta.reasoning_content ?? '';
      content += delta.content ?? '';
      for (const call of delta.tool_calls ?? []) {
        calls[call.index] ??= { name: '', arguments: '' };
        calls[call.index].name += call.function?.name ?? '';
        calls[call.index].arguments += call.function?.arguments ?? '';
      }
      finish = choice.finish_reason ?? finish;
    }
    assert.ok(chunks > 5, `${chunks} chunks`);
    assert.equal(reasoning, 'I need the weather tool.');
    assert.equal(content, '');
    assert.equal(finish, 'tool_calls');
    assert.equal(calls.length, 1);
    assert.equal(calls[0].name, 'get_weather');
    assert.deepEqual(JSON.parse(calls[0].arguments), { city: 'Paris' });
  });

  it('chat: /no_think gives an instruct answer with no reasoning', async () => {
    const completion = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'Say hello /no_think' }],
      temperature: 0,
      max_tokens: 50,
    });
    const message = completion.choices[0].message as OpenAI.ChatCompletionMessage & WithReasoning;
    assert.equal(message.content, 'Hello there!');
    assert.equal(message.reasoning_content ?? null, null);
    assert.equal(completion.choices[0].finish_reason, 'stop');
  });

  it('completions on token ids: token_ids, token_id:N logprobs, and echo scoring agrees with them', async () => {
    const prompt = tokenizer.encode(
      '<|im_start|>user\nSay hello /no_think<|im_end|>\n<|im_start|>assistant\n',
    );
    const sampled = await client.completions.create({
      model: MODEL,
      prompt,
      max_tokens: 6,
      temperature: 1,
      seed: 11,
      logprobs: 1,
      ...({ return_token_ids: true, return_tokens_as_token_ids: true } as object),
    });
    const choice = sampled.choices[0] as (typeof sampled.choices)[number] & {
      token_ids: number[];
      prompt_token_ids: number[];
    };
    assert.deepEqual(choice.prompt_token_ids, prompt);
    assert.ok(choice.token_ids.length >= 1 && choice.token_ids.length <= 6);
    assert.deepEqual(
      choice.logprobs?.tokens,
      choice.token_ids.map((id) => `token_id:${id}`),
    );
    const lps = choice.logprobs?.token_logprobs as number[];
    assert.ok(lps.every((lp) => lp <= 0 && Number.isFinite(lp)));

    const scored = await client.completions.create({
      model: MODEL,
      prompt: [...prompt, ...choice.token_ids],
      max_tokens: 0,
      echo: true,
      ...({ prompt_logprobs: 0 } as object),
    });
    const entries = (
      scored.choices[0] as unknown as { prompt_logprobs: (Record<string, { logprob: number }> | null)[] }
    ).prompt_logprobs;
    assert.equal(entries[0], null);
    choice.token_ids.forEach((id, t) => {
      const teacher = entries[prompt.length + t]?.[String(id)]?.logprob;
      assert.ok(
        teacher !== undefined && Math.abs(teacher - lps[t]) < 1e-4,
        `token ${t}: ${teacher} vs ${lps[t]}`,
      );
    });

    // and the numbers are the checkpoint's: the embedded engine in this process agrees
    const engine = await createEmbeddedEngine({ checkpointDir: checkpoint, seed: 0 });
    const [local] = await engine.logprobs([[...prompt, ...choice.token_ids]]);
    await engine.close();
    for (let t = 1; t < local.length; t++)
      assert.ok(
        Math.abs((entries[t]?.[String([...prompt, ...choice.token_ids][t])]?.logprob ?? 1) - local[t]) < 1e-4,
      );
  });

  it('Cascade’s own OpenAI engine samples and scores through the server', async () => {
    const engine = createOpenAIEngine({
      pool: createOpenAIPool({ baseUrls: [served.url], apiKey: KEY }),
      model: MODEL,
    });
    const prompt = tokenizer.encode(
      '<|im_start|>user\nSay hello /no_think<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n',
    );
    const completions = await engine.sample([prompt, prompt], {
      n: 2,
      maxNewTokens: 20,
      temperature: 0,
      topP: 1,
      stopTokenIds: [imEnd],
    });
    assert.equal(completions.length, 4);
    for (const completion of completions) {
      assert.equal(tokenizer.decode(completion.tokens), 'Hello there!<|im_end|>');
      assert.equal(completion.finishReason, 'stop');
    }
    const [scores] = await engine.logprobs([[...prompt, ...completions[0].tokens]]);
    completions[0].logprobs.forEach((lp, t) => {
      assert.ok(Math.abs(scores[prompt.length + t] - lp) < 1e-4);
    });
  });

  it('401 without the key, 413 past --max-body-bytes, 400 naming the field', async () => {
    const stranger = new OpenAI({ baseURL: `${served.url}/v1`, apiKey: 'wrong', maxRetries: 0 });
    await assert.rejects(stranger.models.list(), (error: unknown) => {
      assert.ok(error instanceof OpenAI.AuthenticationError);
      assert.equal(error.status, 401);
      return true;
    });
    await assert.rejects(
      client.completions.create({ model: MODEL, prompt: 'x'.repeat(30_000), max_tokens: 1 }),
      (error: unknown) => {
        assert.ok(error instanceof OpenAI.APIError);
        assert.equal(error.status, 413);
        return true;
      },
    );
    await assert.rejects(
      client.chat.completions.create({
        model: MODEL,
        messages: [{ role: 'user', content: 'x' }],
        temperature: 7,
      }),
      (error: unknown) => {
        assert.ok(error instanceof OpenAI.BadRequestError);
        assert.equal(error.param, 'temperature');
        assert.match(error.message, /temperature/);
        return true;
      },
    );
  });
});

describe('cascade serve as a process', () => {
  it('prints its URL, answers, and exits 0 on SIGTERM', { skip: slow }, async () => {
    const child = await startServe(['--checkpoint', checkpoint, '--api-key', KEY]);
    try {
      const health = await wire(await fetch(`${child.url}/healthz`));
      assert.equal(health.status, 'ok');
      assert.equal(health.model, 'checkpoint', 'the model id defaults to the folder name');
      const local = new OpenAI({ baseURL: `${child.url}/v1`, apiKey: KEY, maxRetries: 0 });
      const completion = await local.chat.completions.create({
        model: 'checkpoint',
        messages: [{ role: 'user', content: 'Say hello /no_think' }],
        temperature: 0,
      });
      assert.equal(completion.choices[0].message.content, 'Hello there!');
    } finally {
      assert.equal(await child.stop(), 0, child.stderr());
    }
    assert.match(child.stderr(), /SIGTERM: finishing in-flight requests\ncascade serve: stopped/);
  });

  it('refuses --checkpoint with --upstream, with exit code 2', { skip: slow }, async () => {
    await assert.rejects(
      startServe(['--checkpoint', checkpoint, '--upstream', 'http://127.0.0.1:9/v1']),
      /exited 2 .*give exactly one of --checkpoint DIR and --upstream URL/s,
    );
  });
});
