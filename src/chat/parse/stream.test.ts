import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { ChatFamily, ChatMode, ToolDefinition } from '../../core/messages.ts';
import { type ParseOptions, parse } from './parse.ts';
import { createStreamParser } from './stream.ts';

const tools: ToolDefinition[] = [
  {
    type: 'function',
    function: {
      name: 'f',
      parameters: { type: 'object', properties: { a: { type: 'string' }, n: { type: 'integer' } } },
    },
  },
];

/** Streams `chunks` and checks the deltas assemble into exactly the one-shot parse. */
function assertStreamEqualsParse(chunks: string[], options: ParseOptions): void {
  const parser = createStreamParser(options);
  let reasoning = '';
  let content = '';
  for (const chunk of chunks) {
    const delta = parser.push(chunk);
    reasoning += delta.reasoning;
    content += delta.content;
  }
  const end = parser.finish();
  reasoning += end.reasoning;
  content += end.content;
  const expected = parse(chunks.join(''), options);
  assert.deepEqual(end.result, expected);
  assert.equal(reasoning, expected.reasoning ?? '', `reasoning differs for chunks ${JSON.stringify(chunks)}`);
  assert.equal(content, expected.content ?? '', `content differs for chunks ${JSON.stringify(chunks)}`);
}

const SAMPLES: [string, ParseOptions][] = [
  ['<think>\nplan the sum\n</think>\n\nIt is 2.\n', { family: 'cascade-v1' }],
  [
    '\n<think>\nA</think>\n\nB\n\n<tool_call>\n{"name": "f", "arguments": {"a": "x"}}\n</tool_call>',
    { family: 'qwen3', tools },
  ],
  [
    'Reasoning</think>Answer<tool_call>\n<function=f>\n<parameter=a>\nv\n</parameter>\n</function>\n</tool_call>',
    { family: 'cascade-v2', tools },
  ],
  [
    'Thinking then <tool_call>\n<function=f>\n<parameter=n>\n3\n</parameter>\n</function>\n</tool_call>',
    { family: 'cascade-v2', tools },
  ],
  [
    'thinking <tool_call> mention then </think> final <tool_call> text without function',
    { family: 'cascade-v2' },
  ],
  ['cut off in the middle of reasoning </thi', { family: 'cascade-v1' }],
  ['answer only, mentions <function=x> once', { family: 'cascade-v2', mode: 'no_think' }],
  ['Direct\n\n\nanswer\n\n', { family: 'cascade-v1', mode: 'no_think' }],
  ['<think></think>', { family: 'qwen3' }],
  ['<thin', { family: 'qwen3' }],
  ['  <think>a <tool_call>\n{"name": "f"}\n</tool_call> b</think>c', { family: 'cascade-v1', tools }],
];

test('the streaming parser equals the one-shot parser at every split point', () => {
  for (const [text, options] of SAMPLES) {
    for (let i = 0; i <= text.length; i++)
      assertStreamEqualsParse([text.slice(0, i), text.slice(i)], options);
    assertStreamEqualsParse([...text], options);
  }
});

const pieces = fc.constantFrom(
  '<think>',
  '</think>',
  '<tool_call>',
  '</tool_call>',
  '<function=f>',
  '<parameter=a>',
  '</parameter>',
  '</function>',
  '\n',
  '\n\n',
  ' ',
  'x',
  'word',
  '{"name": "f", "arguments": {"a": "1"}}',
  '<',
  '/',
  'é',
  '🙂',
);

test('property: random marker soups stream to the same result under random chunkings', () => {
  fc.assert(
    fc.property(
      fc.array(pieces, { maxLength: 30 }),
      fc.array(fc.nat(), { maxLength: 8 }),
      fc.constantFrom<ChatFamily>('cascade-v1', 'cascade-v2', 'qwen3'),
      fc.constantFrom<ChatMode>('think', 'no_think'),
      (parts, cuts, family, mode) => {
        const text = parts.join('');
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const chunks: string[] = [];
        let last = 0;
        for (const p of points) {
          chunks.push(text.slice(last, p));
          last = p;
        }
        chunks.push(text.slice(last));
        assertStreamEqualsParse(chunks, { family, mode, tools });
      },
    ),
    { numRuns: 400 },
  );
});

test('streaming is incremental: reasoning arrives before the output ends', () => {
  const parser = createStreamParser({ family: 'cascade-v2' });
  assert.equal(parser.push('Let me think').reasoning, 'Let me think');
  assert.equal(parser.push(' more</thi').reasoning, ' more');
  const delta = parser.push('nk>The answer');
  assert.equal(delta.content, 'The answer');
});

test('streaming a long output does work proportional to its length', () => {
  const parser = createStreamParser({ family: 'cascade-v2', tools });
  const started = performance.now();
  for (let i = 0; i < 30_000; i++) parser.push('word ');
  parser.push('</think>');
  for (let i = 0; i < 10_000; i++) parser.push('more ');
  parser.finish();
  assert.ok(performance.now() - started < 2_000, 'streaming 40k chunks took over 2 s');
});
