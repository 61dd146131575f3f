import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { ChatFamily, ChatMode, Message } from '../core/messages.ts';
import {
  createByteTokenizer,
  loadHfTokenizer,
  qwen3TokenizerPath,
  type TextTokenizer,
} from '../tokenizer/index.ts';
import { renderTokens } from './tokens.ts';

const conversation: Message[] = [
  { role: 'user', content: 'What is 1+1?' },
  { role: 'assistant', content: '<think>quick</think>\nIt is 2.' },
  { role: 'user', content: 'And 2+2? ünïcödé 🙂' },
  { role: 'assistant', content: 'It is 4.', reasoning_content: 'Add two and two.' },
];

/** The text of the masked tokens, one string per run of consecutive masked tokens. */
function maskedRuns(tokenizer: TextTokenizer, ids: number[], mask: Uint8Array): string[] {
  const runs: string[] = [];
  let run: number[] = [];
  ids.forEach((id, i) => {
    if (mask[i]) run.push(id);
    else if (run.length > 0) {
      runs.push(tokenizer.decode(run));
      run = [];
    }
  });
  if (run.length > 0) runs.push(tokenizer.decode(run));
  return runs;
}

const EXPECTED: [ChatFamily, ChatMode, string[]][] = [
  [
    'cascade-v1',
    'think',
    ['It is 2.<|im_end|>', '<think>\nAdd two and two.\n</think>\n\nIt is 4.<|im_end|>'],
  ],
  // Cascade-2: the think prefill `<think></think>` / `<think>\n` is prompt, not model output.
  ['cascade-v2', 'think', ['\nIt is 2.<|im_end|>', 'Add two and two.</think>It is 4.<|im_end|>']],
  ['qwen3', 'think', ['It is 2.<|im_end|>', '<think>\nAdd two and two.\n</think>\n\nIt is 4.<|im_end|>']],
];

let qwen3: TextTokenizer;
before(async () => {
  qwen3 = await loadHfTokenizer(qwen3TokenizerPath());
});

for (const [family, mode, expected] of EXPECTED) {
  test(`${family}: the loss mask covers exactly the assistant-written tokens (byte and Qwen3 tokenizers)`, () => {
    for (const tokenizer of [createByteTokenizer(), qwen3]) {
      const { text, ids, lossMask } = renderTokens(family, tokenizer, conversation, { mode });
      assert.equal(tokenizer.decode(ids), text);
      assert.deepEqual(maskedRuns(tokenizer, ids, lossMask), expected);
    }
  });
}

test('trainOn last masks only the final assistant turn', () => {
  const { ids, lossMask } = renderTokens('cascade-v1', qwen3, conversation, {
    mode: 'think',
    trainOn: 'last',
  });
  assert.deepEqual(maskedRuns(qwen3, ids, lossMask), [EXPECTED[0][2][1]]);
});

test('tool results and generation prompts are never in the mask', () => {
  const messages: Message[] = [
    { role: 'user', content: 'weather?' },
    {
      role: 'assistant',
      content: null,
      tool_calls: [{ function: { name: 'w', arguments: { city: 'Oslo' } } }],
    },
    { role: 'tool', content: 'rain' },
  ];
  const { ids, lossMask } = renderTokens('cascade-v2', qwen3, messages, {
    mode: 'no_think',
    addGenerationPrompt: true,
  });
  assert.deepEqual(maskedRuns(qwen3, ids, lossMask), [
    '\n<tool_call>\n<function=w>\n<parameter=city>\nOslo\n</parameter>\n</function>\n</tool_call>\n<|im_end|>',
  ]);
});
