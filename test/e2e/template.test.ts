import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from './cli.ts';

const conversation = JSON.stringify([{ role: 'user', content: 'calculate 1+1?' }]);

test('cascade template render prints the model-card prompt', async () => {
  const result = await runCli(
    ['template', 'render', '--family', 'cascade-v1', '--mode', 'no_think'],
    conversation,
  );
  assert.equal(result.code, 0, result.stderr);
  assert.equal(
    result.stdout,
    '<|im_start|>system\nYou are a helpful and harmless assistant.<|im_end|>\n<|im_start|>user\ncalculate 1+1? /no_think<|im_end|>\n<|im_start|>assistant\n',
  );
});

test('cascade template render --tools and --tokenizer give ids and a loss mask', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cascade-e2e-'));
  const tools = join(dir, 'tools.json');
  writeFileSync(
    tools,
    JSON.stringify([
      { type: 'function', function: { name: 'now', parameters: { type: 'object', properties: {} } } },
    ]),
  );
  const messages = JSON.stringify([
    { role: 'user', content: 'time?' },
    { role: 'assistant', content: 'Noon.' },
  ]);
  const result = await runCli(
    ['template', 'render', '--family', 'cascade-v2', '--tools', tools, '--tokenizer', 'byte'],
    messages,
  );
  assert.equal(result.code, 0, result.stderr);
  const out = JSON.parse(result.stdout);
  assert.ok(out.text.includes('<name>now</name>'));
  assert.equal(out.ids.length, out.loss_mask.length);
  const masked = out.ids.filter((_: number, i: number) => out.loss_mask[i] === 1);
  assert.equal(Buffer.from(masked.filter((id: number) => id < 256)).toString(), 'Noon.');
});

test('cascade template parse prints reasoning, content and OpenAI-shaped tool calls', async () => {
  const completion = 'Need the time.</think>\n<tool_call>\n<function=now>\n</function>\n</tool_call>';
  const result = await runCli(['template', 'parse', '--family', 'cascade-v2'], completion);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout), {
    reasoning: 'Need the time.',
    content: null,
    tool_calls: [{ type: 'function', function: { name: 'now', arguments: '{}' } }],
    finished: true,
    errors: [],
  });
});

test('bad input: an error naming the message index, exit code 2, nothing on stdout', async () => {
  const result = await runCli(
    ['template', 'render', '--family', 'qwen3'],
    JSON.stringify([{ role: 'bot', content: 'x' }]),
  );
  assert.equal(result.code, 2);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /message 0: unknown role "bot"/);
  const notJson = await runCli(['template', 'render', '--family', 'qwen3'], '{oops');
  assert.equal(notJson.code, 2);
  assert.match(notJson.stderr, /<stdin>: the conversation is not valid JSON/);
});

test('--help works on every command', async () => {
  for (const args of [
    ['--help'],
    ['template', '--help'],
    ['template', 'render', '--help'],
    ['template', 'parse', '--help'],
  ]) {
    const result = await runCli(args);
    assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stdout, /Usage: cascade/);
  }
});
