import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ToolDefinition } from '../../core/messages.ts';
import { parse } from './parse.ts';

const calc: ToolDefinition[] = [
  {
    type: 'function',
    function: {
      name: 'calc',
      parameters: {
        type: 'object',
        properties: {
          expr: { type: 'string' },
          precision: { type: 'integer' },
          scale: { type: 'number' },
          exact: { type: 'boolean' },
          options: { type: 'object' },
          tags: { type: 'array' },
          note: { anyOf: [{ type: 'string' }, { type: 'null' }] },
        },
      },
    },
  },
];

test('reasoning parser: think block, leading <think> dropped, newlines around parts removed', () => {
  const out = parse('<think>\nLet me add.\n</think>\n\nThe answer is 2.', { family: 'cascade-v1' });
  assert.deepEqual(
    { reasoning: out.reasoning, content: out.content, finished: out.finished },
    { reasoning: 'Let me add.', content: 'The answer is 2.', finished: true },
  );
  // Cascade-2 prompts end with `<think>\n`, so the model starts inside the block.
  const v2 = parse('Reasoning here.</think>Answer.', { family: 'cascade-v2' });
  assert.equal(v2.reasoning, 'Reasoning here.');
  assert.equal(v2.content, 'Answer.');
});

test('reasoning parser: truncated thinking output is all reasoning and unfinished', () => {
  const out = parse('<think>\nstill thinking about', { family: 'qwen3' });
  assert.equal(out.reasoning, 'still thinking about');
  assert.equal(out.content, null);
  assert.equal(out.finished, false);
});

test('reasoning parser: instruct mode has no reasoning, even if a </think> appears', () => {
  const out = parse('Direct answer </think> more', { family: 'cascade-v1', mode: 'no_think' });
  assert.equal(out.reasoning, null);
  assert.equal(out.content, 'Direct answer </think> more');
});

test('reasoning parser: an XML tool call ends reasoning implicitly', () => {
  const out = parse(
    'I should compute.\n<tool_call>\n<function=calc>\n<parameter=expr>\n1+1\n</parameter>\n</function>\n</tool_call>',
    {
      family: 'cascade-v2',
      tools: calc,
    },
  );
  assert.equal(out.reasoning, 'I should compute.');
  assert.equal(out.content, null);
  assert.deepEqual(out.toolCalls, [{ name: 'calc', arguments: { expr: '1+1' } }]);
  assert.equal(out.finished, true);
});

test('a JSON <tool_call> inside unclosed reasoning is not an implicit end', () => {
  const out = parse('<think>maybe <tool_call>\n{"name": "calc"}', { family: 'cascade-v1' });
  assert.equal(out.finished, false);
  assert.deepEqual(out.toolCalls, []);
});

test('JSON tool calls (cascade-v1/qwen3): content before the first call, several calls, bad JSON reported', () => {
  const text =
    '<think>\nplan\n</think>\n\nLet me check.\n<tool_call>\n{"name": "calc", "arguments": {"expr": "2*3"}}\n</tool_call>\n<tool_call>\n{"name": "calc", "arguments": "{\\"expr\\": \\"4\\"}"}\n</tool_call>\n<tool_call>\n{"name": "calc", "arguments": {oops}\n</tool_call>';
  const out = parse(text, { family: 'cascade-v1', tools: calc });
  assert.equal(out.content, 'Let me check.');
  assert.deepEqual(out.toolCalls, [
    { name: 'calc', arguments: { expr: '2*3' } },
    { name: 'calc', arguments: { expr: '4' } },
  ]);
  assert.equal(out.errors.length, 1);
  assert.match(out.errors[0], /not valid JSON/);
  assert.equal(out.finished, true);
});

test('JSON tool calls: an unterminated final call runs to the end and marks the output unfinished', () => {
  const out = parse('<tool_call>\n{"name": "calc", "arguments": {"expr": "1"}}', {
    family: 'qwen3',
    mode: 'no_think',
  });
  assert.deepEqual(out.toolCalls, [{ name: 'calc', arguments: { expr: '1' } }]);
  assert.equal(out.finished, false);
});

test('JSON tool calls: calls to tools that were not declared are reported', () => {
  const out = parse('<tool_call>\n{"name": "rm", "arguments": {}}\n</tool_call>', {
    family: 'qwen3',
    mode: 'no_think',
    tools: calc,
  });
  assert.equal(out.toolCalls[0].name, 'rm');
  assert.match(out.errors[0], /unknown tool "rm"/);
});

test('XML tool calls: values converted by the schema, as qwen3_coder does', () => {
  const text =
    "Sure.\n<tool_call>\n<function=calc>\n<parameter=expr>\nx < 3\n</parameter>\n<parameter=precision>\n1_000\n</parameter>\n<parameter=scale>\n2.0\n</parameter>\n<parameter=exact>\nTrue\n</parameter>\n<parameter=options>\n{'mode': 'fast', 'retry': None}\n</parameter>\n<parameter=tags>\n[\"a\", 1]\n</parameter>\n<parameter=note>\nNone\n</parameter>\n</function>\n</tool_call>\ntrailing text is dropped";
  const out = parse(text, { family: 'cascade-v2', mode: 'no_think', tools: calc });
  assert.equal(out.content, 'Sure.');
  assert.deepEqual(out.toolCalls, [
    {
      name: 'calc',
      arguments: {
        expr: 'x < 3',
        precision: 1000,
        scale: 2,
        exact: true,
        options: { mode: 'fast', retry: null },
        tags: ['a', 1],
        note: null,
      },
    },
  ]);
});

test('XML tool calls: parameters the schema does not know stay strings, and only known ones close a value', () => {
  const alone = parse(
    '<tool_call>\n<function=calc>\n<parameter=extra>\n42\n</parameter>\n</function>\n</tool_call>',
    {
      family: 'cascade-v2',
      mode: 'no_think',
      tools: calc,
    },
  );
  assert.deepEqual(alone.toolCalls[0].arguments, { extra: '42' });
  // A `</parameter>` followed by an unknown parameter is not structural, so the value runs on.
  const glued = parse(
    '<tool_call>\n<function=calc>\n<parameter=expr>\n1\n</parameter>\n<parameter=extra>\n2\n</parameter>\n</function>\n</tool_call>',
    { family: 'cascade-v2', mode: 'no_think', tools: calc },
  );
  assert.deepEqual(glued.toolCalls[0].arguments, { expr: '1\n</parameter>\n<parameter=extra>\n2' });
});

test('XML tool calls: a literal </parameter> inside a value does not end it (structural closing tags)', () => {
  const code = 'print("</parameter>")\nprint("</function>")';
  const text = `<tool_call>\n<function=calc>\n<parameter=expr>\n${code}\n</parameter>\n<parameter=precision>\n3\n</parameter>\n</function>\n</tool_call>`;
  const out = parse(text, { family: 'cascade-v2', mode: 'no_think', tools: calc });
  assert.deepEqual(out.toolCalls, [{ name: 'calc', arguments: { expr: code, precision: 3 } }]);
});

test('XML tool calls: a missing </parameter> ends at the next known parameter, then at </function>', () => {
  const text =
    '<tool_call>\n<function=calc>\n<parameter=expr>\n1+1\n<parameter=precision>\n2\n</function>\n</tool_call>';
  const out = parse(text, { family: 'cascade-v2', mode: 'no_think', tools: calc });
  assert.deepEqual(out.toolCalls, [{ name: 'calc', arguments: { expr: '1+1', precision: 2 } }]);
});

test('XML tool calls: parallel calls, and an unterminated last call', () => {
  const one = '<tool_call>\n<function=calc>\n<parameter=expr>\n1\n</parameter>\n</function>\n</tool_call>';
  const out = parse(`${one}\n${one}\n<tool_call>\n<function=calc>\n<parameter=expr>\n2`, {
    family: 'cascade-v2',
    mode: 'no_think',
    tools: calc,
  });
  assert.deepEqual(
    out.toolCalls.map((c) => c.arguments.expr),
    ['1', '1', '2'],
  );
  assert.equal(out.finished, false);
});

test('XML tool calls: no <function= anywhere means no tool call, all content', () => {
  const out = parse('Use <tool_call> tags to call tools.', { family: 'cascade-v2', mode: 'no_think' });
  assert.equal(out.content, 'Use <tool_call> tags to call tools.');
  assert.deepEqual(out.toolCalls, []);
});

test('XML tool calls: an unrendered template name is not a phantom call', () => {
  const out = parse('<tool_call>\n<function={{ name }}>\n</function>\n</tool_call>', {
    family: 'cascade-v2',
    mode: 'no_think',
  });
  assert.deepEqual(out.toolCalls, []);
  assert.match(out.errors[0], /invalid function name/);
});

test('XML tool calls: a bare <function=…> without <tool_call> is still a call', () => {
  const out = parse('Answer first.\n<function=calc>\n<parameter=expr>\n5\n</parameter>\n</function>', {
    family: 'cascade-v2',
    mode: 'no_think',
    tools: calc,
  });
  assert.equal(out.content, 'Answer first.');
  assert.deepEqual(out.toolCalls, [{ name: 'calc', arguments: { expr: '5' } }]);
});

test('the parser never throws on hostile output', () => {
  for (const text of [
    '',
    '<think>',
    '</think>',
    '<tool_call>',
    '<function=',
    '<tool_call><function=a><parameter=',
    '\u0000\uffff',
  ]) {
    for (const family of ['cascade-v1', 'cascade-v2', 'qwen3'] as const) {
      assert.doesNotThrow(() => parse(text, { family }));
      assert.doesNotThrow(() => parse(text, { family, mode: 'no_think', tools: calc }));
    }
  }
});
