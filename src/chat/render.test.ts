import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { CascadeError } from '../core/errors.ts';
import type { ChatFamily, Message, ToolDefinition } from '../core/messages.ts';
import { MODEL_CARD_GOLDENS } from './golden/model-cards.ts';
import { render } from './render.ts';

interface ConversationCase {
  name: string;
  messages: Message[];
  tools?: ToolDefinition[];
  add_generation_prompt?: boolean;
  enable_thinking?: boolean;
  skip_template?: Record<string, string>;
}

const golden = (name: string) =>
  JSON.parse(readFileSync(new URL(`./golden/${name}`, import.meta.url), 'utf8'));
const conversations: ConversationCase[] = golden('qwen3-conversations.json');

for (const card of MODEL_CARD_GOLDENS) {
  test(`model card golden: ${card.name}`, () => {
    const prompt = render(card.family, card.messages, { mode: card.mode, addGenerationPrompt: true });
    assert.equal(prompt, card.expected);
  });
}

// Goldens rendered once by Python jinja2 (make-goldens.py), for the Qwen3 template and the reference
// Nemotron-3-Nano-style template that cascade-v2 follows.
for (const [family, file] of [
  ['qwen3', 'qwen3-goldens.json'],
  ['cascade-v2', 'cascade-v2-goldens.json'],
] as [ChatFamily, string][]) {
  const expected = new Map<string, string>(
    golden(file).map((g: { name: string; expected: string }) => [g.name, g.expected]),
  );
  for (const c of conversations) {
    if (c.skip_template?.[family]) continue;
    test(`${family} equals Python jinja2: ${c.name}`, () => {
      const prompt = render(family, structuredClone(c.messages), {
        tools: c.tools,
        addGenerationPrompt: c.add_generation_prompt ?? false,
        mode: c.enable_thinking === false ? 'no_think' : 'think',
      });
      assert.equal(prompt, expected.get(c.name));
    });
  }
}

test('cascade-v2 declares tools in XML as the model card shows (TIR example)', () => {
  const tools: ToolDefinition[] = [
    {
      type: 'function',
      function: {
        name: 'stateful_python_code_exec',
        description:
          'Call this function to execute Python code in a stateful Jupyter notebook environment. Python will respond with the output of the execution or time out after 120.0 seconds.',
        parameters: {
          type: 'object',
          properties: { code: { type: 'string', description: 'Code to execute' } },
          required: ['code'],
        },
      },
    },
  ];
  const prompt = render('cascade-v2', [{ role: 'user', content: 'hi' }], { tools });
  // The card's SYSTEM_PROMPT (seeds/003), kept beside the goldens; it lost its blank lines when
  // scraped, so compare with blank lines removed.
  const cardSystem = readFileSync(new URL('./golden/cascade-v2-tir-system.txt', import.meta.url), 'utf8');
  const ours = prompt.slice('<|im_start|>system\n'.length, prompt.indexOf('<|im_end|>'));
  const collapse = (s: string) => s.replace(/\n+/g, '\n');
  assert.equal(collapse(ours), collapse(cardSystem));
});

test('cascade-v2 renders tool calls as XML parameters with Python str() scalars', () => {
  const prompt = render('cascade-v2', [
    { role: 'user', content: 'go' },
    {
      role: 'assistant',
      content: null,
      tool_calls: [
        { function: { name: 'f', arguments: '{"flag": true, "none": null, "n": 3, "list": [1, "a"]}' } },
      ],
    },
    { role: 'tool', content: 'ok' },
  ]);
  assert.ok(
    prompt.includes(
      '<|im_start|>assistant\n<think></think>\n<tool_call>\n<function=f>\n<parameter=flag>\nTrue\n</parameter>\n<parameter=none>\nNone\n</parameter>\n<parameter=n>\n3\n</parameter>\n<parameter=list>\n[1, "a"]\n</parameter>\n</function>\n</tool_call>\n<|im_end|>\n<|im_start|>user\n<tool_response>\nok\n</tool_response>\n<|im_end|>\n',
    ),
    prompt,
  );
  assert.ok(!prompt.includes('<|im_start|>tool'));
});

test('cascade-v1 renders the current thinking turn with its reasoning, instruct turns without a think block', () => {
  const messages: Message[] = [
    { role: 'user', content: 'Q' },
    { role: 'assistant', content: 'A', reasoning_content: 'R' },
  ];
  assert.equal(
    render('cascade-v1', messages, { mode: 'think' }),
    '<|im_start|>system\nYou are a helpful and harmless assistant.<|im_end|>\n<|im_start|>user\nQ /think<|im_end|>\n<|im_start|>assistant\n<think>\nR\n</think>\n\nA<|im_end|>\n',
  );
  assert.equal(
    render('cascade-v1', [messages[0], { role: 'assistant', content: 'A' }], { mode: 'no_think' }),
    '<|im_start|>system\nYou are a helpful and harmless assistant.<|im_end|>\n<|im_start|>user\nQ /no_think<|im_end|>\n<|im_start|>assistant\nA<|im_end|>\n',
  );
});

test('cascade-v1 replaces a mode flag the user typed instead of doubling it', () => {
  const prompt = render('cascade-v1', [{ role: 'user', content: 'hello /no_think' }], {
    mode: 'think',
    addGenerationPrompt: true,
  });
  assert.ok(prompt.includes('<|im_start|>user\nhello /think<|im_end|>'), prompt);
});

test('cascade-v1 declares tools Qwen3-style and calls them with JSON', () => {
  const prompt = render(
    'cascade-v1',
    [
      { role: 'user', content: 'weather?' },
      {
        role: 'assistant',
        content: '',
        tool_calls: [{ function: { name: 'get_weather', arguments: { city: 'Oslo' } } }],
      },
      { role: 'tool', content: 'sunny' },
    ],
    {
      mode: 'no_think',
      addGenerationPrompt: true,
      tools: [
        {
          type: 'function',
          function: { name: 'get_weather', parameters: { type: 'object', properties: {} } },
        },
      ],
    },
  );
  assert.ok(
    prompt.startsWith('<|im_start|>system\nYou are a helpful and harmless assistant.\n\n# Tools\n\n'),
  );
  assert.ok(prompt.includes('<tools>\n{"type": "function", "function": {"name": "get_weather"'));
  assert.ok(
    prompt.includes(
      '<|im_start|>assistant\n<tool_call>\n{"name": "get_weather", "arguments": {"city": "Oslo"}}\n</tool_call><|im_end|>\n<|im_start|>user\n<tool_response>\nsunny\n</tool_response><|im_end|>\n<|im_start|>assistant\n',
    ),
    prompt,
  );
});

function expectError(fn: () => unknown, pattern: RegExp) {
  assert.throws(fn, (error: unknown) => error instanceof CascadeError && pattern.test(error.message));
}

test('bad input names the message index and the problem', () => {
  expectError(() => render('qwen3', [{ role: 'robot', content: 'x' }]), /message 0: unknown role "robot"/);
  expectError(
    () =>
      render('cascade-v2', [
        { role: 'user', content: 'x' },
        { role: 'assistant', content: null, tool_calls: [{ function: { arguments: '{}' } }] },
      ]),
    /message 1, tool call 0: the tool call has no function name/,
  );
  expectError(
    () =>
      render('cascade-v1', [
        { role: 'user', content: 'x' },
        { role: 'assistant', content: '', tool_calls: [{ function: { name: 'f', arguments: '{"a": ' } }] },
      ]),
    /message 1, tool call 0: arguments are not valid JSON/,
  );
  expectError(
    () =>
      render(
        'qwen3',
        [
          { role: 'user', content: 'x' },
          { role: 'assistant', content: 'y' },
        ],
        { addGenerationPrompt: true },
      ),
    /message 1: the conversation ends with an assistant turn/,
  );
  expectError(
    () => render('qwen3', [{ role: 'user', content: 'a<|im_end|>b' }]),
    /message 0: content contains the special token/,
  );
  expectError(() => render('qwen3', []), /no messages/);
  expectError(() => render('qwen3', { role: 'user' }), /must be an array/);
  expectError(
    () =>
      render(
        'cascade-v1',
        [
          { role: 'user', content: 'x' },
          { role: 'assistant', content: 'y', reasoning_content: 'r' },
        ],
        { mode: 'no_think' },
      ),
    /message 1: has reasoning but the mode is no_think/,
  );
});
