// End-to-end: `cascade verify` over JSONL files, bad lines included. The real command line is
// spawned once (exit code, stderr, output file); the rest runs in-process through runVerify (fast).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { runVerify } from '../../src/cli/verify.ts';
import type { VerifierDomain } from '../../src/verifiers/registry.ts';

const root = join(import.meta.dirname, '..', '..');

/** `node bin/cascade.js` once main.ts registers verify; until then the stand-alone runner. */
function cliArgs(): string[] {
  const main = readFileSync(join(root, 'src', 'cli', 'main.ts'), 'utf8');
  return main.includes('registerVerify') ? ['bin/cascade.js'] : ['--import', 'tsx', 'test/e2e/run-cli.ts'];
}

async function writeRows(lines: string[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cascade-verify-'));
  const path = join(dir, 'rows.jsonl');
  await writeFile(path, `${lines.join('\n')}\n`);
  return path;
}

async function verifyInProcess(domain: VerifierDomain, lines: string[]) {
  const input = await writeRows(lines);
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks: string[] = [];
  const errors: string[] = [];
  stdout.on('data', (chunk) => chunks.push(String(chunk)));
  stderr.on('data', (chunk) => errors.push(String(chunk)));
  const code = await runVerify({ domain, input, concurrency: 3 }, { stdout, stderr });
  const rows = chunks
    .join('')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { code, rows, stderr: errors.join('') };
}

const json = (value: unknown) => JSON.stringify(value);

describe('cascade verify (command line)', () => {
  it('scores good rows, reports bad lines with their numbers, keeps input order, exits 0', async () => {
    const input = await writeRows([
      json({ id: 1, response: '<think>maybe A</think>Answer: B', answer: 'B' }),
      '{"id": 2, "response": "Answer: C", ',
      '',
      json({ id: 3, answer: 'B' }),
      json({ id: 4, response: 'The answer is (J).', answer: 9 }),
    ]);
    const dir = await mkdtemp(join(tmpdir(), 'cascade-verify-out-'));
    const output = join(dir, 'out.jsonl');
    const result = spawnSync(
      process.execPath,
      [...cliArgs(), 'verify', '--domain', 'mcq', '--input', input, '--output', output, '--concurrency', '2'],
      { cwd: root, encoding: 'utf8', timeout: 60_000 },
    );
    assert.equal(result.status, 0, result.stderr);
    const rows = (await readFile(output, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    assert.deepEqual(
      rows.map((row) => [row.id ?? `line ${row.line}`, row.status, row.correct, row.reward]),
      [
        [1, 'scored', true, 1],
        ['line 2', 'error', false, 0],
        [3, 'error', false, 0],
        [4, 'scored', true, 1],
      ],
    );
    assert.match(result.stderr, /line 2: not valid JSON/);
    assert.match(result.stderr, /line 4: missing string field "response"/);
    assert.match(
      result.stderr,
      /verify mcq: 4 rows, accuracy 50\.0% \(2\/4\).*0 timeouts, 2 errors, [\d.]+ rows\/s/,
    );
  });

  it('a missing input file exits 2 with a message naming the file, writing nothing', async () => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const out: string[] = [];
    const err: string[] = [];
    stdout.on('data', (chunk) => out.push(String(chunk)));
    stderr.on('data', (chunk) => err.push(String(chunk)));
    const code = await runVerify(
      { domain: 'mcq', input: '/nonexistent/rows.jsonl', concurrency: 1 },
      { stdout, stderr },
    );
    assert.equal(code, 2);
    assert.match(err.join(''), /\/nonexistent\/rows\.jsonl.*cannot open/);
    assert.equal(out.join(''), '');
  });
});

describe('cascade verify (each domain, in process)', () => {
  it('tool: response text, structured tool_calls, irrelevance, and a bad row', async () => {
    const tools = [
      {
        name: 'add',
        parameters: {
          type: 'dict',
          properties: { a: { type: 'integer' }, b: { type: 'integer' } },
          required: ['a', 'b'],
        },
      },
    ];
    const expected = [{ add: { a: [1], b: [2] } }];
    const { code, rows, stderr } = await verifyInProcess('tool', [
      json({
        response: '<tool_call>\n{"name": "add", "arguments": {"a": 1, "b": 2}}\n</tool_call>',
        expected,
        tools,
      }),
      json({ tool_calls: [{ function: { name: 'add', arguments: '{"a": 1, "b": 3}' } }], expected, tools }),
      json({ response: 'No tool needed.', expected: [], tools }),
      json({ response: 'x', expected: 'not a list', tools }),
    ]);
    assert.equal(code, 0);
    assert.deepEqual(
      rows.map((row) => [row.status, row.correct]),
      [
        ['scored', true],
        ['scored', false],
        ['scored', true],
        ['error', false],
      ],
    );
    assert.match(stderr, /line 4: bad tool row at expected/);
  });

  it('swe: an exact fix, a partial one, an unparseable one', async () => {
    const original_files = { 'm.py': 'def f():\n    return 1\n' };
    const gold_patch = '--- a/m.py\n+++ b/m.py\n@@ -1,2 +1,2 @@\n def f():\n-    return 1\n+    return 2\n';
    const edit = (replace: string) =>
      `<think>fix</think>\n\`\`\`python\n### m.py\n<<<<<<< SEARCH\n    return 1\n=======\n${replace}\n>>>>>>> REPLACE\n\`\`\``;
    const { rows } = await verifyInProcess('swe', [
      json({ response: edit('    return 2'), original_files, gold_patch }),
      json({ response: edit('    return 3'), original_files, gold_patch }),
      json({ response: 'I would change it.', original_files, gold_patch }),
    ]);
    assert.deepEqual(rows[0].reward, 1);
    assert.ok((rows[1].reward as number) > 0.5 && (rows[1].reward as number) < 1);
    assert.equal(rows[2].reward, -1);
  });

  it('language: clean and code-switched responses', async () => {
    const { rows } = await verifyInProcess('language', [
      json({ prompt: 'Explain recursion.', response: 'Recursion is a function calling itself.' }),
      json({ prompt: 'Explain recursion.', response: '<think>递归就是</think>Recursion is self-reference.' }),
    ]);
    assert.deepEqual(
      rows.map((row) => [row.correct, row.reward]),
      [
        [true, 0],
        [false, -1],
      ],
    );
    assert.equal((rows[1].details as { spans: { text: string }[] }).spans[0]?.text, '递归就是');
  });

  it('ifeval: an unknown instruction id is an error row, reported with its line', async () => {
    const { rows, stderr } = await verifyInProcess('ifeval', [
      json({ response: 'hello there', instruction_id_list: ['punctuation:no_comma'], kwargs: [{}] }),
      json({ response: 'hello', instruction_id_list: ['made_up:instruction'], kwargs: [{}] }),
    ]);
    assert.deepEqual(
      rows.map((row) => [row.status, row.correct]),
      [
        ['scored', true],
        ['error', false],
      ],
    );
    assert.match(stderr, /line 2: .*made_up:instruction/);
  });
});

describe('cascade verify (pooled domains)', () => {
  const slow = process.env.CASCADE_SLOW_TESTS
    ? false
    : 'set CASCADE_SLOW_TESTS=1 (starts math worker threads)';
  it('math: the registry opens and closes the worker pool around the rows', { skip: slow }, async () => {
    const { code, rows } = await verifyInProcess('math', [
      json({ response: 'so \\boxed{5}', answer: '5' }),
      json({ response: '\\boxed{x^2+2x+1}', answer: '(x+1)^2' }),
      json({ response: '\\boxed{7}', answer: '5' }),
    ]);
    assert.equal(code, 0);
    assert.deepEqual(
      rows.map((row) => row.correct),
      [true, true, false],
    );
  });
});
