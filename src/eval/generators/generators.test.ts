/** The three generator adapters: chat mode, completion mode (render → ids → parse) and StepEngine. */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { render } from '../../chat/index.ts';
import type { Completion, SampleOptions, StepEngine } from '../../core/engine.ts';
import { createOpenAIPool } from '../../engine/openai/index.ts';
import { chatReply, type FakeServer, startFakeServer } from '../../engine/openai/testing/fake-vllm.ts';
import { createByteTokenizer } from '../../tokenizer/index.ts';
import type { GenerationRequest } from '../generator.ts';
import { createChatGenerator } from './chat.ts';
import { createCompletionGenerator } from './completion.ts';
import { createEngineGenerator } from './engine.ts';

const tokenizer = createByteTokenizer();
const IM_END = tokenizer.tokenId('<|im_end|>')!;
const servers: FakeServer[] = [];
after(() => Promise.all(servers.map((server) => server.close())));

const request: GenerationRequest = {
  messages: [{ role: 'user', content: 'What is 2+2?' }],
  mode: 'think',
  n: 2,
  temperature: 0.6,
  topP: 0.95,
  topK: 20,
  maxTokens: 100,
};

test('chat mode: enable_thinking follows the mode; reasoning and content come from the server', async () => {
  const server = await startFakeServer(() =>
    chatReply('m', [
      { content: 'It is 4.', reasoning: 'Add.' },
      { content: null, reasoning: 'Still thinking', finishReason: 'length' },
    ]),
  );
  servers.push(server);
  const generator = createChatGenerator({ pool: createOpenAIPool({ baseUrls: [server.url] }), model: 'm' });
  const [[first, second]] = await generator.generate([request]);
  assert.deepEqual(server.requests[0].body.chat_template_kwargs, { enable_thinking: true });
  assert.equal(server.requests[0].body.top_k, 20);
  assert.deepEqual(first, {
    text: '<think>\nAdd.\n</think>\n\nIt is 4.',
    reasoning: 'Add.',
    content: 'It is 4.',
    toolCalls: [],
    finishReason: 'stop',
  });
  assert.equal(second.content, null);
  assert.equal(second.finishReason, 'length');
  await generator.generate([{ ...request, mode: 'no_think', n: 2 }]);
  assert.deepEqual(server.requests[1].body.chat_template_kwargs, { enable_thinking: false });
});

test('completion mode: the prompt is the family template as token ids; ids come back decoded and parsed', async () => {
  const answer = tokenizer.encode('Add two and two.</think>\n\nIt is \\boxed{4}.');
  const server = await startFakeServer((incoming) => ({
    json: {
      choices: [0, 1].map((index) => ({
        index,
        text: '',
        token_ids: index === 0 ? [...answer, IM_END] : answer.slice(0, 5),
        finish_reason: index === 0 ? 'stop' : 'length',
        stop_reason: null,
        logprobs: null,
        prompt_token_ids: incoming.body.prompt,
      })),
    },
  }));
  servers.push(server);
  const generator = createCompletionGenerator({
    pool: createOpenAIPool({ baseUrls: [server.url] }),
    model: 'm',
    tokenizer,
    family: 'cascade-v1',
  });
  const [[done, cut]] = await generator.generate([request]);
  const expectedPrompt = tokenizer.encode(
    render('cascade-v1', request.messages, { mode: 'think', addGenerationPrompt: true }),
  );
  assert.deepEqual(server.requests[0].body.prompt, expectedPrompt);
  assert.ok(server.requests[0].body.stop_token_ids.includes(IM_END));
  assert.equal(done.reasoning, 'Add two and two.');
  assert.equal(done.content, 'It is \\boxed{4}.');
  assert.equal(done.finishReason, 'stop');
  assert.deepEqual(done.tokens, [...answer, IM_END]);
  assert.equal(cut.content, null, 'reasoning cut off: no answer');
  assert.equal(cut.finishReason, 'length');
});

test('a StepEngine generates through render → sample → decode → parse, tool calls included', async () => {
  const seen: { prompts: number[][]; options: SampleOptions }[] = [];
  const output = tokenizer.encode(
    'Need weather.</think>\n\n<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}}\n</tool_call>',
  );
  const engine: StepEngine = {
    name: 'fake',
    async sample(prompts, options): Promise<Completion[]> {
      seen.push({ prompts, options });
      return Array.from({ length: options.n }, () => ({
        promptIndex: 0,
        tokens: [...output, IM_END],
        logprobs: [],
        finishReason: 'stop' as const,
      }));
    },
    logprobs: async () => [],
    step: async () => ({ loss: 0, gradNorm: 0, tokens: 0 }),
    save: async () => {},
    close: async () => {},
  };
  const tools = [
    {
      type: 'function' as const,
      function: {
        name: 'get_weather',
        parameters: { type: 'object', properties: { city: { type: 'string' } } },
      },
    },
  ];
  const generator = createEngineGenerator({ engine, tokenizer, family: 'qwen3' });
  const [[completion]] = await generator.generate([{ ...request, n: 1, tools }]);
  assert.deepEqual(seen[0].options, {
    n: 1,
    maxNewTokens: 100,
    temperature: 0.6,
    topP: 0.95,
    topK: 20,
    stopTokenIds: [IM_END],
    seed: undefined,
  });
  assert.deepEqual(
    seen[0].prompts[0],
    tokenizer.encode(render('qwen3', request.messages, { mode: 'think', tools, addGenerationPrompt: true })),
  );
  assert.equal(completion.reasoning, 'Need weather.');
  assert.deepEqual(completion.toolCalls, [
    { type: 'function', function: { name: 'get_weather', arguments: { city: 'Paris' } } },
  ]);
  assert.equal(completion.finishReason, 'tool_calls');
});
