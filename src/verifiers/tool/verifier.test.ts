import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseToolCallsFromText } from './parse-calls.ts';
import { toolTaskSchema } from './task.ts';
import { toolVerifier } from './verifier.ts';

const TOOLS = [
  {
    type: 'function',
    function: {
      name: 'get_weather',
      parameters: {
        type: 'object',
        properties: {
          city: { type: 'string' },
          days: { type: 'integer' },
          metric: { type: 'boolean' },
          hours: { type: 'array', items: { type: 'integer' } },
        },
        required: ['city'],
      },
    },
  },
  {
    type: 'function',
    function: {
      name: 'get_time',
      parameters: { type: 'object', properties: { zone: { type: 'string' } }, required: [] },
    },
  },
];

const task = (row: Record<string, unknown>) => toolTaskSchema.parse({ tools: TOOLS, ...row });

describe('parseToolCallsFromText', () => {
  it('reads JSON calls (cascade-v1 / qwen3), with arguments as an object or a JSON string', () => {
    const text =
      'Sure.\n<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris", "days": 2}}\n</tool_call>\n' +
      '<tool_call>\n{"name": "get_time", "arguments": "{\\"zone\\": \\"CET\\"}"}\n</tool_call>';
    assert.deepEqual(parseToolCallsFromText(text), {
      toolCalls: [
        { name: 'get_weather', arguments: { city: 'Paris', days: 2 } },
        { name: 'get_time', arguments: { zone: 'CET' } },
      ],
      errors: [],
    });
  });

  it('reads XML calls (cascade-v2), converting parameter text by the declared type', () => {
    const text = [
      '<tool_call>',
      '<function=get_weather>',
      '<parameter=city>',
      '123 Main',
      '</parameter>',
      '<parameter=days>',
      '3',
      '</parameter>',
      '<parameter=metric>',
      'True',
      '</parameter>',
      '<parameter=hours>',
      '[1, 2]',
      '</parameter>',
      '</function>',
      '</tool_call>',
    ].join('\n');
    assert.deepEqual(parseToolCallsFromText(text, TOOLS).toolCalls, [
      { name: 'get_weather', arguments: { city: '123 Main', days: 3, metric: true, hours: [1, 2] } },
    ]);
  });

  it('keeps a multi-line string value, trimming only the format newlines', () => {
    const text =
      '<tool_call>\n<function=get_time>\n<parameter=zone>\nline one\nline two\n</parameter>\n</function>\n</tool_call>';
    assert.deepEqual(parseToolCallsFromText(text, TOOLS).toolCalls[0].arguments, {
      zone: 'line one\nline two',
    });
  });

  it('reports malformed calls instead of throwing', () => {
    assert.equal(
      parseToolCallsFromText('<tool_call>\n{"name": "f", "arguments": {</tool_call>').errors.length,
      1,
    );
    assert.match(parseToolCallsFromText('<tool_call>\n{"name": "f"}').errors[0], /not closed/);
    assert.match(
      parseToolCallsFromText('<tool_call>\n<function={{ name }}>\n</function>\n</tool_call>').errors[0],
      /invalid function name/,
    );
  });

  it('no tool call in plain text', () => {
    assert.deepEqual(parseToolCallsFromText('The weather is fine.'), { toolCalls: [], errors: [] });
  });
});

describe('toolVerifier', () => {
  const parisAnswer = [{ get_weather: { city: ['Paris', 'Paris, France'], days: [2, ''] } }];

  it('scores 1 for a matching call in the response text, after the reasoning', async () => {
    const response =
      '<think>maybe call get_time?</think>\n<tool_call>\n{"name": "get_weather", "arguments": {"city": "paris, france"}}\n</tool_call>';
    const verdict = await toolVerifier(task({ expected: parisAnswer }), response);
    assert.deepEqual([verdict.status, verdict.reward, verdict.correct], ['scored', 1, true]);
    assert.equal(verdict.details.category, 'multiple');
  });

  it('calls inside the reasoning do not count', async () => {
    const response =
      '<think><tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}}\n</tool_call></think>Done.';
    const verdict = await toolVerifier(task({ expected: parisAnswer }), response);
    assert.equal(verdict.correct, false);
    assert.equal(verdict.details.error_type, 'multiple_function_checker:wrong_count');
  });

  it('an unclosed <think> ends at an XML tool call (cascade-v2 implicit end of reasoning)', async () => {
    const response =
      '<think>I should check\n<tool_call>\n<function=get_weather>\n<parameter=city>\nParis\n</parameter>\n</function>\n</tool_call>';
    assert.equal((await toolVerifier(task({ expected: parisAnswer }), response)).correct, true);
  });

  it('uses structured tool_calls when the row has them (OpenAI shape, JSON-string arguments)', async () => {
    const row = {
      expected: parisAnswer,
      tool_calls: [
        {
          id: 'call_1',
          type: 'function',
          function: { name: 'get_weather', arguments: '{"city": "Paris", "days": 2}' },
        },
      ],
    };
    assert.equal((await toolVerifier(task(row), '')).correct, true);
  });

  it('parallel calls match in any order', async () => {
    const expected = [{ get_weather: { city: ['Paris'] } }, { get_time: { zone: ['CET'] } }];
    const tool_calls = [
      { name: 'get_time', arguments: { zone: 'cet' } },
      { name: 'get_weather', arguments: { city: 'paris' } },
    ];
    const verdict = await toolVerifier(task({ expected, tool_calls }), '');
    assert.deepEqual([verdict.correct, verdict.details.category], [true, 'parallel']);
  });

  it('irrelevance: no call is right, a call is wrong, an unparseable call counts as no call', async () => {
    assert.equal((await toolVerifier(task({ expected: [] }), 'I cannot help with that.')).correct, true);
    const called = '<tool_call>\n{"name": "get_time", "arguments": {}}\n</tool_call>';
    assert.equal((await toolVerifier(task({ expected: [] }), called)).correct, false);
    assert.equal(
      (await toolVerifier(task({ expected: [] }), '<tool_call>\n{broken\n</tool_call>')).correct,
      true,
    );
  });

  it('a malformed call is a scored 0 outside irrelevance', async () => {
    const verdict = await toolVerifier(task({ expected: parisAnswer }), '<tool_call>\n{broken\n</tool_call>');
    assert.deepEqual(
      [verdict.status, verdict.reward, verdict.details.error_type],
      ['scored', 0, 'parse_error'],
    );
  });

  it('without tools, the description is guessed from the possible answer', async () => {
    const row = toolTaskSchema.parse({ expected: [{ add: { a: [1], b: [2.5], note: ['', 'x'] } }] });
    assert.equal(
      (await toolVerifier(row, '<tool_call>\n{"name": "add", "arguments": {"a": 1, "b": 2.5}}\n</tool_call>'))
        .correct,
      true,
    );
    assert.equal(
      (await toolVerifier(row, '<tool_call>\n{"name": "add", "arguments": {"a": 1}}\n</tool_call>')).correct,
      false,
    );
  });

  it('an expected function missing from the tools, or an unknown declared type, is a task error', async () => {
    const missing = await toolVerifier(
      task({ expected: [{ nope: { x: [1] } }] }),
      '<tool_call>\n{"name": "nope", "arguments": {"x": 1}}\n</tool_call>',
    );
    assert.equal(missing.status, 'error');
    const oddTools = [
      { name: 'f', parameters: { type: 'dict', properties: { x: { type: 'complex' } }, required: [] } },
    ];
    const odd = await toolVerifier(
      toolTaskSchema.parse({ tools: oddTools, expected: [{ f: { x: [1] } }] }),
      '<tool_call>\n{"name": "f", "arguments": {"x": 1}}\n</tool_call>',
    );
    assert.equal(odd.status, 'error');
  });

  it('underscore_to_dot compares dotted expected names as underscores', async () => {
    const tools = [
      {
        name: 'math.add',
        parameters: { type: 'dict', properties: { a: { type: 'integer' } }, required: ['a'] },
      },
    ];
    const row = toolTaskSchema.parse({
      tools,
      expected: [{ 'math.add': { a: [1] } }],
      underscore_to_dot: true,
    });
    assert.equal(
      (await toolVerifier(row, '<tool_call>\n{"name": "math_add", "arguments": {"a": 1}}\n</tool_call>'))
        .correct,
      true,
    );
  });

  it('the task schema rejects an expected entry with two function names', () => {
    assert.equal(toolTaskSchema.safeParse({ expected: [{ f: {}, g: {} }] }).success, false);
  });
});
