import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { render } from '../chat/index.ts';
import type { Completion, SampleOptions, StepEngine } from '../core/engine.ts';
import type { Message, ParsedToolCall } from '../core/messages.ts';
import {
  createByteTokenizer,
  loadHfTokenizer,
  qwen3TokenizerPath,
  type TextTokenizer,
} from '../tokenizer/index.ts';
import { STATEFUL_PYTHON_TOOL } from './python-session.ts';
import { runToolRollout, type ToolExecutor, type ToolRolloutOptions } from './tool-rollout.ts';

// The card's TIR setup: a math question, the stateful Python tool declared in the system turn.
const messages: Message[] = [
  { role: 'system', content: 'You are a helpful and harmless assistant.' },
  { role: 'user', content: 'What is 6 times 7? Put your answer inside \\boxed{}.' },
];
const tools = [STATEFUL_PYTHON_TOOL];

/** The text the model writes for one call of the card's tool (the qwen3_coder XML format). */
const callText = (code: string) =>
  `<tool_call>\n<function=stateful_python_code_exec>\n<parameter=code>\n${code}\n</parameter>\n</function>\n</tool_call>`;

interface ScriptedTurn {
  ids: number[];
  finishReason?: Completion['finishReason'];
}

/** A StepEngine that answers sample call k with turn k of a script, recording what it was asked. */
class ScriptedEngine implements StepEngine {
  readonly name = 'scripted';
  readonly calls: { prompt: number[]; options: SampleOptions }[] = [];
  constructor(private readonly turns: (call: number, prompt: number[]) => ScriptedTurn) {}
  async sample(prompts: number[][], options: SampleOptions): Promise<Completion[]> {
    assert.equal(prompts.length, 1);
    assert.equal(options.n, 1);
    this.calls.push({ prompt: [...prompts[0]], options });
    const turn = this.turns(this.calls.length - 1, prompts[0]);
    const tokens = turn.ids.slice(0, options.maxNewTokens);
    const finishReason = turn.finishReason ?? (tokens.length < turn.ids.length ? 'length' : 'stop');
    return [{ promptIndex: 0, tokens, logprobs: tokens.map(() => -0.5), finishReason }];
  }
  async logprobs(): Promise<Float32Array[]> {
    throw new Error('not used');
  }
  async step(): Promise<never> {
    throw new Error('not used');
  }
  async save(): Promise<void> {}
  async close(): Promise<void> {}
}

/** Answers from a table, records every call and whether the rollout closed it. */
class RecordingExecutor implements ToolExecutor {
  readonly calls: ParsedToolCall[] = [];
  closed = 0;
  constructor(private readonly answer: (call: ParsedToolCall) => string) {}
  async execute(call: ParsedToolCall): Promise<string> {
    assert.equal(this.closed, 0, 'executed after the rollout closed the session');
    this.calls.push(call);
    return this.answer(call);
  }
  async close(): Promise<void> {
    this.closed++;
  }
}

function options(
  tokenizer: TextTokenizer,
  engine: StepEngine,
  executor: ToolExecutor,
  overrides: Partial<ToolRolloutOptions> = {},
): ToolRolloutOptions {
  return {
    engine,
    tokenizer,
    family: 'cascade-v2',
    messages,
    tools,
    mode: 'think',
    executor,
    maxTurns: 4,
    maxNewTokensPerTurn: 400,
    maxTotalTokens: 4000,
    temperature: 1,
    topP: 0.95,
    seed: 7,
    ...overrides,
  };
}

/** One tool call, then the answer: the two model turns as text. */
const TURN_1 = `Let me compute it.</think>\n${callText('x = 6 * 7\nprint(x)')}`;
const TURN_2 = 'It printed 42.</think>The answer is \\boxed{42}.<|im_end|>';

/** The same conversation as messages, for render('cascade-v2', ...). */
const conversation = (result: string): Message[] => [
  ...messages,
  {
    role: 'assistant',
    reasoning_content: 'Let me compute it.',
    content: '',
    tool_calls: [
      {
        type: 'function',
        function: { name: 'stateful_python_code_exec', arguments: { code: 'x = 6 * 7\nprint(x)' } },
      },
    ],
  },
  { role: 'tool', content: result },
  { role: 'assistant', reasoning_content: 'It printed 42.', content: 'The answer is \\boxed{42}.' },
];

async function twoTurnRollout(tokenizer: TextTokenizer, result = '42\n') {
  const script = [TURN_1, TURN_2].map((text) => tokenizer.encode(text));
  const engine = new ScriptedEngine((call) => ({ ids: script[call] }));
  const executor = new RecordingExecutor(() => result);
  const trajectory = await runToolRollout(options(tokenizer, engine, executor));
  return { engine, executor, trajectory, script };
}

for (const [label, load] of [
  ['byte tokenizer', async () => createByteTokenizer()],
  ['Qwen3 tokenizer', () => loadHfTokenizer(qwen3TokenizerPath())],
] as const) {
  describe(`runToolRollout (${label})`, () => {
    it('stops at </tool_call>, runs the call, and continues after the cascade-v2 tool-response turn', async () => {
      const tokenizer = await load();
      const { engine, executor, trajectory, script } = await twoTurnRollout(tokenizer);
      assert.deepEqual(executor.calls, [
        { name: 'stateful_python_code_exec', arguments: { code: 'x = 6 * 7\nprint(x)' } },
      ]);
      assert.ok(engine.calls[0].options.stopTokenIds.includes(tokenizer.tokenId('</tool_call>') as number));
      assert.equal(trajectory.finishReason, 'stop');
      assert.equal(trajectory.turns, 2);
      assert.equal(trajectory.toolCalls, 1);
      assert.equal(trajectory.final.content, 'The answer is \\boxed{42}.');
      // the whole trajectory is what the template renders for the equivalent conversation (its last
      // `<|im_end|>` is the model's; the template's newline after it is not part of the rollout)
      const rendered = render('cascade-v2', conversation('42\n'), { tools, mode: 'think' });
      assert.equal(`${tokenizer.decode(trajectory.ids)}\n`, rendered);
      assert.deepEqual([...trajectory.ids, ...tokenizer.encode('\n')], tokenizer.encode(rendered));
      // the second turn was sampled from exactly the ids so far: prompt + turn 1 + the injected turn
      const injectedStart = trajectory.promptLength + script[0].length;
      const injectedEnd = trajectory.ids.length - script[1].length;
      assert.deepEqual(engine.calls[1].prompt, trajectory.ids.slice(0, injectedEnd));
      assert.equal(
        tokenizer.decode(trajectory.ids.slice(injectedStart, injectedEnd)),
        '\n<|im_end|>\n<|im_start|>user\n<tool_response>\n42\n\n</tool_response>\n<|im_end|>\n<|im_start|>assistant\n<think>\n',
      );
      // weight 1 on the model's tokens only: zero on the prompt and on the injected tool response
      const expectedMask = trajectory.ids.map((_, t) =>
        (t >= trajectory.promptLength && t < injectedStart) || t >= injectedEnd ? 1 : 0,
      );
      assert.deepEqual([...trajectory.mask], expectedMask);
      assert.equal(trajectory.sampleLogprobs[injectedStart], 0);
      assert.equal(trajectory.sampleLogprobs[injectedEnd], -0.5);
      assert.equal(executor.closed, 1);
    });
  });
}

describe('runToolRollout', () => {
  const tokenizer = createByteTokenizer();

  it('keeps the sampled ids even where the tokenizer would encode their text differently', async () => {
    // the model spells `</think>` byte by byte instead of using the single special token
    const spelled = [...Buffer.from('</think>')];
    const turn1 = [...tokenizer.encode('Hmm.'), ...spelled, ...tokenizer.encode(`\n${callText('print(1)')}`)];
    const turn2 = [...tokenizer.encode('ok'), ...spelled, ...tokenizer.encode('\\boxed{1}<|im_end|>')];
    assert.notDeepEqual(tokenizer.encode(tokenizer.decode(turn1)), turn1);
    const engine = new ScriptedEngine((call) => ({ ids: call === 0 ? turn1 : turn2 }));
    const executor = new RecordingExecutor(() => '1');
    const trajectory = await runToolRollout(options(tokenizer, engine, executor));
    const start = trajectory.promptLength;
    assert.deepEqual(trajectory.ids.slice(start, start + turn1.length), turn1);
    assert.deepEqual(trajectory.ids.slice(-turn2.length), turn2);
    assert.deepEqual(engine.calls[1].prompt.slice(start, start + turn1.length), turn1);
    assert.deepEqual(executor.calls, [
      { name: 'stateful_python_code_exec', arguments: { code: 'print(1)' } },
    ]);
    assert.equal(trajectory.final.content, '\\boxed{1}');
  });

  it('cuts a model that keeps calling tools off at the turn limit, without running the last call', async () => {
    const call = tokenizer.encode(`Again.</think>\n${callText('print(2)')}`);
    const engine = new ScriptedEngine(() => ({ ids: call }));
    const executor = new RecordingExecutor(() => '2');
    const trajectory = await runToolRollout(options(tokenizer, engine, executor, { maxTurns: 3 }));
    assert.equal(trajectory.finishReason, 'turn-limit');
    assert.equal(trajectory.turns, 3);
    assert.equal(engine.calls.length, 3);
    assert.equal(executor.calls.length, 2);
    assert.equal(trajectory.toolCalls, 2);
    assert.equal(executor.closed, 1);
    // the trajectory ends with the third (unanswered) call
    assert.deepEqual(trajectory.ids.slice(-call.length), call);
    // every turn draws its own seed
    assert.equal(new Set(engine.calls.map((c) => c.options.seed)).size, 3);
  });

  it('gives the model an error as the response when its call cannot be parsed', async () => {
    const broken = tokenizer.encode('Try.</think>\n<tool_call>\nnot a function\n</tool_call>');
    const answer = tokenizer.encode('Done.</think>\\boxed{0}<|im_end|>');
    const engine = new ScriptedEngine((call) => ({ ids: call === 0 ? broken : answer }));
    const executor = new RecordingExecutor(() => 'never');
    const trajectory = await runToolRollout(options(tokenizer, engine, executor));
    assert.equal(executor.calls.length, 0);
    assert.equal(trajectory.toolCalls, 1);
    assert.match(
      tokenizer.decode(engine.calls[1].prompt),
      /<tool_response>\nError: the tool call could not be parsed/,
    );
    assert.equal(trajectory.finishReason, 'stop');
  });

  it('stops with "length" when a turn runs out of tokens or the context is full', async () => {
    const long = tokenizer.encode('thinking and thinking and thinking');
    const engine = new ScriptedEngine(() => ({ ids: long }));
    const executor = new RecordingExecutor(() => 'x');
    const cut = await runToolRollout(options(tokenizer, engine, executor, { maxNewTokensPerTurn: 10 }));
    assert.equal(cut.finishReason, 'length');
    assert.equal(cut.ids.length, cut.promptLength + 10);
    assert.equal(executor.closed, 1);

    // a tool response that would fill the context is not appended: the trajectory never exceeds it
    const call = tokenizer.encode(`Go.</think>\n${callText('print(3)')}`);
    const engine2 = new ScriptedEngine(() => ({ ids: call }));
    const executor2 = new RecordingExecutor(() => 'y'.repeat(500));
    const promptLength = cut.promptLength;
    const full = await runToolRollout(
      options(tokenizer, engine2, executor2, { maxTotalTokens: promptLength + call.length + 100 }),
    );
    assert.equal(full.finishReason, 'length');
    assert.equal(full.ids.length, promptLength + call.length);
    assert.ok(full.ids.length <= promptLength + call.length + 100);
  });

  it('takes a tool response that itself contains </tool_call> as plain text', async () => {
    const tricky = 'printed </tool_call> here';
    const { trajectory } = await twoTurnRollout(tokenizer, tricky);
    const rendered = render('cascade-v2', conversation(tricky), { tools, mode: 'think' });
    assert.equal(`${tokenizer.decode(trajectory.ids)}\n`, rendered);
  });

  it('closes the session when the executor fails, and passes the failure on', async () => {
    const call = tokenizer.encode(`Go.</think>\n${callText('print(4)')}`);
    const engine = new ScriptedEngine(() => ({ ids: call }));
    const executor = new RecordingExecutor(() => {
      throw new Error('sandbox down');
    });
    await assert.rejects(runToolRollout(options(tokenizer, engine, executor)), /sandbox down/);
    assert.equal(executor.closed, 1);
  });

  it('renders the instruct-mode continuation with the <think></think> prefill', async () => {
    const turn1 = tokenizer.encode(`\n${callText('print(5)')}`);
    const turn2 = tokenizer.encode('\\boxed{5}<|im_end|>');
    const engine = new ScriptedEngine((call) => ({ ids: call === 0 ? turn1 : turn2 }));
    const executor = new RecordingExecutor(() => '5');
    const trajectory = await runToolRollout(options(tokenizer, engine, executor, { mode: 'no_think' }));
    const rendered = render(
      'cascade-v2',
      [
        ...messages,
        {
          role: 'assistant',
          content: '',
          tool_calls: [
            {
              type: 'function',
              function: { name: 'stateful_python_code_exec', arguments: { code: 'print(5)' } },
            },
          ],
        },
        { role: 'tool', content: '5' },
        { role: 'assistant', content: '\\boxed{5}' },
      ],
      { tools, mode: 'no_think' },
    );
    assert.equal(`${tokenizer.decode(trajectory.ids)}\n`, rendered);
    assert.equal(trajectory.final.content, '\\boxed{5}');
  });
});
