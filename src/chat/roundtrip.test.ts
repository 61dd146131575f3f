import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { ChatFamily, ChatMode, Message, ToolDefinition } from '../core/messages.ts';
import { parse } from './parse/parse.ts';
import { createStreamParser } from './parse/stream.ts';
import { render } from './render.ts';

// Property: the text a model writes for an assistant turn (the rendered turn minus the generation
// prompt) parses back to the turn's reasoning, content and tool calls, one-shot and streamed.

const tools: ToolDefinition[] = [
  {
    type: 'function',
    function: {
      name: 'lookup',
      description: 'Look something up',
      parameters: {
        type: 'object',
        properties: {
          query: { type: 'string' },
          limit: { type: 'integer' },
          exact: { type: 'boolean' },
          filters: { type: 'object' },
        },
        required: ['query'],
      },
    },
  },
  { type: 'function', function: { name: 'now', parameters: { type: 'object', properties: {} } } },
];

const textChar = fc.constantFrom(...'abcxyz ABC 0123.,;:!?-()[]{}"\'=+*/_#éß中文🙂\n'.split(''));
/** Text a model might write: no chat markers, no surrounding whitespace (templates trim it). */
const prose = fc
  .string({ unit: textChar, minLength: 1, maxLength: 40 })
  .map((s) => s.trim())
  .filter((s) => s.length > 0);

const toolCall = fc.oneof(
  fc.record(
    {
      name: fc.constant('lookup'),
      arguments: fc.record(
        {
          query: prose,
          limit: fc.integer({ min: -5, max: 1000 }),
          exact: fc.boolean(),
          filters: fc.dictionary(
            fc.constantFrom('a', 'b', 'k'),
            fc.oneof(fc.integer(), prose, fc.boolean()),
            { noNullPrototype: true },
          ),
        },
        { requiredKeys: ['query'], noNullPrototype: true },
      ),
    },
    { noNullPrototype: true },
  ),
  fc.record({ name: fc.constant('now'), arguments: fc.constant({}) }, { noNullPrototype: true }),
);

const scenario = fc.record({
  family: fc.constantFrom<ChatFamily>('cascade-v1', 'cascade-v2', 'qwen3'),
  mode: fc.constantFrom<ChatMode>('think', 'no_think'),
  history: fc.array(fc.tuple(prose, prose), { maxLength: 2 }),
  question: prose,
  reasoning: prose,
  content: fc.option(prose, { nil: null }),
  calls: fc.array(toolCall, { maxLength: 2 }),
});

test('property: parse(rendered assistant turn) recovers reasoning, content and tool calls', () => {
  fc.assert(
    fc.property(scenario, ({ family, mode, history, question, reasoning, content, calls }) => {
      const messages: Message[] = [];
      for (const [q, a] of history)
        messages.push({ role: 'user', content: q }, { role: 'assistant', content: a });
      messages.push({ role: 'user', content: question });
      const turn: Message = {
        role: 'assistant',
        content: content ?? (calls.length === 0 ? 'done' : null),
        tool_calls: calls.map((c) => ({
          type: 'function',
          function: { name: c.name, arguments: JSON.stringify(c.arguments) },
        })),
      };
      if (mode === 'think') turn.reasoning_content = reasoning;

      const prompt = render(family, messages, { mode, tools, addGenerationPrompt: true });
      const full = render(family, [...messages, turn], { mode, tools });
      assert.ok(full.startsWith(prompt), 'the generation prompt must be a prefix of the rendered turn');
      const written = full.slice(prompt.length).replace(/<\|im_end\|>\n$/, '');

      const parsed = parse(written, { family, mode, tools });
      assert.equal(parsed.reasoning, mode === 'think' ? reasoning : null);
      assert.equal(parsed.content, turn.content === '' ? null : turn.content);
      assert.deepEqual(parsed.toolCalls, calls);
      assert.deepEqual(parsed.errors, []);
      assert.equal(parsed.finished, true);

      const stream = createStreamParser({ family, mode, tools });
      let streamed = '';
      for (let i = 0; i < written.length; i += 3) streamed += stream.push(written.slice(i, i + 3)).content;
      const end = stream.finish();
      assert.equal(streamed + end.content, parsed.content ?? '');
      assert.deepEqual(end.result, parsed);
    }),
    { numRuns: 300 },
  );
});
