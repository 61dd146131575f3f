import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChatFamily } from '../../core/messages.ts';
import { createByteTokenizer } from '../../tokenizer/index.ts';
import { createOpenAIService } from './service.ts';
import { scriptedBackend } from './testing/scripted-backend.ts';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field
type Wire = any;
const wire = async (response: Response | Promise<Response>): Promise<Wire> => (await response).json();

const tokenizer = createByteTokenizer();
const imEnd = tokenizer.tokenId('<|im_end|>') as number;
const WEATHER_TOOL = {
  type: 'function',
  function: {
    name: 'get_weather',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

function serve(reply: (prompt: string, sample: number) => string, family: ChatFamily = 'qwen3', extra = {}) {
  const backend = scriptedBackend(tokenizer, reply);
  const service = createOpenAIService({ backend, tokenizer, family, modelId: 'tiny', ...extra });
  return { backend, service };
}

function post(path: string, body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(`http://local${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function sseData(response: Response): Promise<unknown[]> {
  const text = await response.text();
  const events = text.split('\n\n').filter(Boolean);
  assert.equal(events.at(-1), 'data: [DONE]');
  return events.slice(0, -1).map((event) => JSON.parse(event.replace(/^data: /, '')));
}

const THINK_AND_CALL =
  '<think>\nThe user wants weather.\n</think>\n\nLet me check.\n<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}}\n</tool_call>';

describe('chat completions', () => {
  it('renders the template, returns reasoning under both names and parsed tool calls', async () => {
    const { backend, service } = serve(() => THINK_AND_CALL);
    const response = await service.handle(
      post('/v1/chat/completions', {
        model: 'tiny',
        messages: [{ role: 'user', content: 'Weather in Paris?' }],
        tools: [WEATHER_TOOL],
        return_token_ids: true,
      }),
    );
    assert.equal(response.status, 200);
    const body = await wire(response);
    const prompt = tokenizer.decode(backend.calls[0].prompts[0]);
    assert.match(prompt, /<tools>\n\{"type": "function", "function": \{"name": "get_weather"/);
    assert.ok(prompt.endsWith('<|im_start|>user\nWeather in Paris?<|im_end|>\n<|im_start|>assistant\n'));
    assert.deepEqual(backend.calls[0].options.stopTokenIds, [imEnd]);
    const [choice] = body.choices;
    assert.equal(choice.message.reasoning, 'The user wants weather.');
    assert.equal(choice.message.reasoning_content, 'The user wants weather.');
    assert.equal(choice.message.content, 'Let me check.');
    assert.equal(choice.message.tool_calls.length, 1);
    assert.equal(choice.message.tool_calls[0].type, 'function');
    assert.match(choice.message.tool_calls[0].id, /^call_[0-9a-f]{24}$/);
    assert.deepEqual(choice.message.tool_calls[0].function, {
      name: 'get_weather',
      arguments: '{"city":"Paris"}',
    });
    assert.equal(choice.finish_reason, 'tool_calls');
    assert.deepEqual(choice.token_ids, [...tokenizer.encode(THINK_AND_CALL), imEnd]);
    assert.deepEqual(body.prompt_token_ids, backend.calls[0].prompts[0]);
    assert.equal(body.object, 'chat.completion');
    assert.equal(body.usage.completion_tokens, choice.token_ids.length);
  });

  it('no_think via chat_template_kwargs or /no_think: the instruct prompt, no reasoning', async () => {
    const { backend, service } = serve(() => 'Plain answer.');
    for (const request of [
      { messages: [{ role: 'user', content: 'Hi' }], chat_template_kwargs: { enable_thinking: false } },
      { messages: [{ role: 'user', content: 'Hi /no_think' }] },
    ]) {
      const body = await wire(await service.handle(post('/v1/chat/completions', request)));
      assert.equal(body.choices[0].message.content, 'Plain answer.');
      assert.equal(body.choices[0].message.reasoning, null);
      assert.equal(body.choices[0].finish_reason, 'stop');
    }
    // qwen3 instruct mode pre-fills an empty think block
    assert.match(tokenizer.decode(backend.calls[0].prompts[0]), /assistant\n<think>\n\n<\/think>\n\n$/);
    assert.match(
      tokenizer.decode(backend.calls[1].prompts[0]),
      /Hi \/no_think<\|im_end\|>\n<\|im_start\|>assistant\n<think>\n\n<\/think>\n\n$/,
    );
  });

  it('cascade-v1 appends the mode flag itself', async () => {
    const { backend, service } = serve(() => 'x', 'cascade-v1');
    await service.handle(
      post('/v1/chat/completions', {
        messages: [{ role: 'user', content: 'Hi' }],
        chat_template_kwargs: { enable_thinking: false },
      }),
    );
    assert.match(tokenizer.decode(backend.calls[0].prompts[0]), /user\nHi \/no_think<\|im_end\|>/);
  });

  it('streams vLLM-shaped chunks whose deltas add up to the non-streamed answer', async () => {
    const { service } = serve(() => THINK_AND_CALL);
    const request = {
      messages: [{ role: 'user', content: 'Weather?' }],
      tools: [WEATHER_TOOL],
      stream: true,
      return_token_ids: true,
      stream_options: { include_usage: true },
    };
    const response = await service.handle(post('/v1/chat/completions', request));
    assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
    // biome-ignore lint/suspicious/noExplicitAny: wire JSON
    const chunks = (await sseData(response)) as any[];
    assert.ok(chunks.every((c) => c.object === 'chat.completion.chunk'));
    assert.deepEqual(chunks[0].choices[0].delta, { role: 'assistant', content: '' });
    let reasoning = '';
    let content = '';
    const ids: number[] = [];
    const calls: { name: string; arguments: string }[] = [];
    for (const chunk of chunks.slice(0, -1)) {
      const delta = chunk.choices[0].delta;
      if (delta.reasoning) {
        assert.equal(delta.reasoning_content, delta.reasoning);
        reasoning += delta.reasoning;
      }
      if (delta.content) content += delta.content;
      for (const call of delta.tool_calls ?? []) calls.push(call.function);
      ids.push(...(chunk.choices[0].token_ids ?? []));
    }
    assert.equal(reasoning, 'The user wants weather.');
    assert.equal(content, 'Let me check.');
    assert.deepEqual(calls, [{ name: 'get_weather', arguments: '{"city":"Paris"}' }]);
    assert.deepEqual(ids, [...tokenizer.encode(THINK_AND_CALL), imEnd]);
    const finish = chunks.at(-2).choices[0];
    assert.equal(finish.finish_reason, 'tool_calls');
    assert.deepEqual(chunks.at(-1).choices, []);
    assert.equal(chunks.at(-1).usage.completion_tokens, ids.length);
    assert.ok(
      reasoning.length > 0 && chunks.filter((c) => c.choices[0]?.delta?.reasoning).length > 3,
      'reasoning is streamed in pieces',
    );
  });

  it('n choices, stop strings, max_tokens, logprobs with token_id labels', async () => {
    const { backend, service } = serve((_prompt, sample) => `answer ${sample}. more`);
    const body = await wire(
      await service.handle(
        post('/v1/chat/completions', {
          messages: [{ role: 'user', content: 'q /no_think' }],
          n: 2,
          stop: ['.'],
          max_tokens: 50,
          temperature: 0.7,
          top_p: 0.9,
          top_k: 5,
          seed: 3,
          logprobs: true,
          top_logprobs: 1,
          return_tokens_as_token_ids: true,
        }),
      ),
    );
    assert.deepEqual(
      body.choices.map((c: { message: { content: string } }) => c.message.content),
      ['answer 0', 'answer 1'],
    );
    assert.deepEqual(
      body.choices.map((c: { stop_reason: string }) => c.stop_reason),
      ['.', '.'],
    );
    const options = backend.calls[0].options;
    assert.deepEqual(
      [options.n, options.maxNewTokens, options.temperature, options.topP, options.topK, options.seed],
      [2, 50, 0.7, 0.9, 5, 3],
    );
    const entries = body.choices[0].logprobs.content;
    assert.equal(entries.length, 'answer 0.'.length);
    assert.equal(entries[0].token, `token_id:${'a'.charCodeAt(0)}`);
    assert.equal(entries[0].logprob, -0.5);
    assert.deepEqual(entries[0].top_logprobs, [
      { token: entries[0].token, logprob: -0.5, bytes: entries[0].bytes },
    ]);
  });
});

describe('completions', () => {
  it('token-id prompts: token_ids, token_id:N logprobs, stop_token_ids, prompt order', async () => {
    const { backend, service } = serve((prompt) => `<${prompt.length}>`);
    const body = await wire(
      await service.handle(
        post('/v1/completions', {
          model: 'tiny',
          prompt: [
            [65, 66],
            [67, 68, 69],
          ],
          n: 2,
          max_tokens: 8,
          logprobs: 1,
          return_token_ids: true,
          return_tokens_as_token_ids: true,
          stop_token_ids: [300],
          skip_special_tokens: false,
        }),
      ),
    );
    assert.equal(body.object, 'text_completion');
    assert.deepEqual(backend.calls[0].prompts, [
      [65, 66],
      [67, 68, 69],
    ]);
    assert.deepEqual(backend.calls[0].options.stopTokenIds, [imEnd, 300]);
    assert.deepEqual(
      body.choices.map((c: { index: number; text: string }) => [c.index, c.text]),
      [
        [0, '<2>'],
        [1, '<2>'],
        [2, '<3>'],
        [3, '<3>'],
      ],
    );
    const choice = body.choices[2];
    assert.deepEqual(choice.prompt_token_ids, [67, 68, 69]);
    assert.deepEqual(choice.token_ids, [...tokenizer.encode('<3>'), imEnd]);
    assert.deepEqual(
      choice.logprobs.tokens,
      choice.token_ids.map((id: number) => `token_id:${id}`),
    );
    assert.deepEqual(choice.logprobs.token_logprobs, [-0.5, -0.5, -0.5, -0.5]);
    assert.deepEqual(choice.logprobs.text_offset, [0, 1, 2, 3]);
    assert.deepEqual(choice.logprobs.top_logprobs[0], { 'token_id:60': -0.5 });
    assert.equal(choice.finish_reason, 'stop');
    assert.equal(choice.stop_reason, null);
    assert.deepEqual(body.usage, { prompt_tokens: 5, completion_tokens: 16, total_tokens: 21 });
  });

  it('echo + max_tokens 0 scores the prompt teacher-forced without sampling', async () => {
    const { backend, service } = serve(() => 'never');
    const body = await wire(
      await service.handle(
        post('/v1/completions', {
          prompt: [72, 105, 33],
          max_tokens: 0,
          echo: true,
          prompt_logprobs: 0,
          logprobs: 0,
        }),
      ),
    );
    assert.equal(backend.calls.length, 0, 'nothing sampled');
    assert.deepEqual(backend.scored, [[[72, 105, 33]]]);
    const [choice] = body.choices;
    assert.equal(choice.text, 'Hi!');
    assert.deepEqual(choice.prompt_logprobs, [
      null,
      { '105': { logprob: -0.5, rank: null, decoded_token: 'i' } },
      { '33': { logprob: -0.5, rank: null, decoded_token: '!' } },
    ]);
    assert.deepEqual(choice.logprobs.tokens, ['H', 'i', '!']);
    assert.deepEqual(choice.logprobs.token_logprobs, [null, -0.5, -0.5]);
    assert.deepEqual(choice.logprobs.top_logprobs, [null, { i: -0.5 }, { '!': -0.5 }]);
    assert.equal(choice.finish_reason, 'length');
    assert.equal(body.usage.completion_tokens, 0);
  });

  it('text prompts are tokenized; streaming gives one chunk per token', async () => {
    const { backend, service } = serve(() => 'ab');
    const response = await service.handle(
      post('/v1/completions', { prompt: 'Say', stream: true, echo: true, return_token_ids: true }),
    );
    // biome-ignore lint/suspicious/noExplicitAny: wire JSON
    const chunks = (await sseData(response)) as any[];
    assert.deepEqual(backend.calls[0].prompts, [tokenizer.encode('Say')]);
    assert.deepEqual(
      chunks.map((c) => c.choices[0].text),
      ['Say', 'a', 'b', '', ''],
    );
    assert.deepEqual(chunks[0].choices[0].prompt_token_ids, tokenizer.encode('Say'));
    assert.deepEqual(
      chunks.slice(1, 4).map((c) => c.choices[0].token_ids),
      [[97], [98], [imEnd]],
    );
    assert.equal(chunks[4].choices[0].finish_reason, 'stop');
  });
});

describe('refusals', () => {
  it('400 names the bad field', async () => {
    const { service } = serve(() => 'x');
    const cases: [string, unknown, string][] = [
      ['/v1/chat/completions', { messages: [] }, 'messages'],
      ['/v1/chat/completions', { messages: [{ role: 'user', content: 'x' }], temperature: 9 }, 'temperature'],
      ['/v1/chat/completions', { messages: [{ role: 'user', content: 'x' }], n: 0 }, 'n'],
      [
        '/v1/chat/completions',
        { messages: [{ role: 'user', content: 'x' }], top_logprobs: 5 },
        'top_logprobs',
      ],
      [
        '/v1/chat/completions',
        {
          messages: [
            { role: 'user', content: 'x' },
            { role: 'wizard', content: 'y' },
          ],
        },
        'messages.1',
      ],
      [
        '/v1/chat/completions',
        { messages: [{ role: 'user', content: 'x' }], max_tokens: 100000 },
        'max_tokens',
      ],
      ['/v1/completions', { prompt: [1, -2] }, 'prompt.1'],
      ['/v1/completions', { prompt: [1, 5000] }, 'prompt'],
      ['/v1/completions', { prompt: 'x', max_tokens: -1 }, 'max_tokens'],
      ['/v1/completions', { prompt: 'x', logprobs: 3 }, 'logprobs'],
      ['/v1/completions', { prompt: 'x', stream: true, prompt_logprobs: 0 }, 'prompt_logprobs'],
    ];
    for (const [path, request, param] of cases) {
      const response = await service.handle(post(path, request));
      const body = await wire(response);
      assert.equal(response.status, 400, `${JSON.stringify(request)}: ${JSON.stringify(body)}`);
      assert.equal(body.error.param, param, JSON.stringify(body));
      assert.equal(body.error.type, 'BadRequestError');
      assert.ok(body.error.message.startsWith(param), body.error.message);
    }
    const broken = await service.handle(post('/v1/completions', '{"prompt":'));
    assert.equal(broken.status, 400);
    assert.match((await wire(broken)).error.message, /not valid JSON/);
  });

  it('401 without the key, 404 for another model or route, 405, 413 past the body limit', async () => {
    const { service } = serve(() => 'x', 'qwen3', { apiKey: 'sekrit', maxBodyBytes: 1000 });
    const chat = { messages: [{ role: 'user', content: 'x' }] };
    assert.equal((await service.handle(post('/v1/chat/completions', chat))).status, 401);
    assert.equal(
      (await service.handle(post('/v1/chat/completions', chat, { authorization: 'Bearer nope' }))).status,
      401,
    );
    const auth = { authorization: 'Bearer sekrit' };
    assert.equal((await service.handle(post('/v1/chat/completions', chat, auth))).status, 200);
    const other = await service.handle(post('/v1/chat/completions', { ...chat, model: 'gpt-9' }, auth));
    assert.equal(other.status, 404);
    assert.equal((await wire(other)).error.param, 'model');
    const big = await service.handle(post('/v1/completions', { prompt: 'x'.repeat(2000) }, auth));
    assert.equal(big.status, 413);
    assert.match((await wire(big)).error.message, /exceeds the limit of 1000 bytes/);
    assert.equal(
      (await service.handle(new Request('http://local/v1/nothing', { headers: auth }))).status,
      404,
    );
    assert.equal(
      (await service.handle(new Request('http://local/v1/completions', { headers: auth }))).status,
      405,
    );
    // health needs no key; models does
    assert.equal((await service.handle(new Request('http://local/healthz'))).status, 200);
    assert.equal((await service.handle(new Request('http://local/v1/models'))).status, 401);
    const models = await wire(await service.handle(new Request('http://local/v1/models', { headers: auth })));
    assert.deepEqual(
      models.data.map((m: { id: string }) => m.id),
      ['tiny'],
    );
    await service.close();
    assert.equal((await service.handle(new Request('http://local/healthz'))).status, 503);
  });

  it('reload is refused by a backend that cannot reload', async () => {
    const { service } = serve(() => 'x');
    const response = await service.handle(post('/v1/admin/reload', {}));
    assert.equal(response.status, 400);
    assert.match((await wire(response)).error.message, /upstream/);
  });
});
