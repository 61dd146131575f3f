// `cascade eval --engine openai` (a child process) against `cascade serve` on a tiny random checkpoint,
// on the benchmark fixtures the harness tests use, every suite: each problem gets its samples, every
// verdict is a score (no errors), and the server saw the requests the harness made. A random model
// scores nothing; the point is that the two ends speak to each other. By default chat mode on two
// suites (math, and BFCL's tool calls); with CASCADE_SLOW_TESTS every suite in chat mode and in
// completion mode (Cascade renders token ids, the server samples them). One eval process costs ~5 s
// of start-up and verifier set-up, so the every-suite runs take ~20 s each.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startServe } from '../../src/cli/serve.ts';
import type { OpenAIService } from '../../src/serve/openai/index.ts';
import { saveTinyCheckpoint } from '../../src/serve/openai/testing/tiny-checkpoint.ts';
import { BIN } from './cli.ts';

const slow = process.env.CASCADE_SLOW_TESTS ? false : 'slow: set CASCADE_SLOW_TESTS=1';
const ROOT = join(import.meta.dirname, '..', '..');
const DATA = join(ROOT, 'test/fixtures/benchmarks');
const SUITES: Record<string, number> = {
  aime24: 3,
  aime25: 2,
  math500: 3,
  livecodebench: 2,
  ifeval: 3,
  ifbench: 2,
  'gpqa-diamond': 2,
  'mmlu-pro': 2,
  bfcl: 3,
};
const KEY = 'eval-key';

const root = mkdtempSync(join(tmpdir(), 'cascade-serve-eval-'));
let url: string;
let service: OpenAIService;
let close: () => Promise<void>;

before(async () => {
  const checkpoint = await saveTinyCheckpoint(root, { seed: 5 });
  const started = await startServe(
    {
      checkpoint,
      servedModelName: 'tiny',
      family: 'cascade-v1',
      apiKey: KEY,
      port: 0,
      host: '127.0.0.1',
      maxModelLen: 4096,
      seed: 0,
      maxBatchRows: 64,
      batchWindowMs: 0,
    },
    { write: () => true } as unknown as import('node:stream').Writable,
  );
  url = started.server.url;
  service = started.service;
  close = () => started.server.close();
});
after(async () => {
  await close?.();
  rmSync(root, { recursive: true, force: true });
});

function runEval(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'eval', ...args], {
      cwd: ROOT,
      env: { ...process.env, OPENAI_API_KEY: KEY },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function checkRun(out: string, names: string[], n: number, maxTokens: number): void {
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
  const suites = new Map<string, { metrics: Record<string, number> }>(
    results.suites.map((suite: { suite: string; metrics: Record<string, number> }) => [suite.suite, suite]),
  );
  assert.deepEqual([...suites.keys()].sort(), [...names].sort());
  for (const [name, suite] of suites) {
    assert.equal(suite.metrics.errors, 0, `${name}: ${JSON.stringify(suite.metrics)}`);
    assert.ok(suite.metrics.accuracy >= 0 && suite.metrics.accuracy <= 1, name);
  }
  const samples = readFileSync(join(out, 'samples.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  assert.equal(samples.length, problemCount(names) * n);
  for (const suite of names)
    assert.equal(samples.filter((s) => s.suite === suite).length, SUITES[suite] * n, suite);
  assert.ok(
    samples.every((s) => typeof s.completion.tokens !== 'number' || s.completion.tokens <= maxTokens),
    'no sample is longer than --max-tokens',
  );
}

const problemCount = (names: string[]) => names.reduce((sum, name) => sum + SUITES[name], 0);

async function chatRun(names: string[], out: string): Promise<void> {
  const before = service.scheduler.stats().requests;
  const result = await runEval([
    ...['--engine', 'openai', '--base-url', `${url}/v1`, '--model', 'tiny', '--family', 'cascade-v1'],
    ...['--suite', names.join(','), '--data', DATA, '--out', out],
    ...['--n', '2', '--max-tokens', '8', '--concurrency', '8'],
  ]);
  assert.equal(result.code, 0, result.stderr);
  checkRun(out, names, 2, 8);
  assert.equal(
    service.scheduler.stats().requests - before,
    problemCount(names),
    'one chat request (n=2) per problem',
  );
  assert.match(result.stdout, /^\| Benchmark \| tiny \|/);
}

describe('cascade eval against cascade serve', () => {
  it('chat mode: AIME 2024 and BFCL', async () => {
    await chatRun(['aime24', 'bfcl'], join(root, 'chat-two'));
  });

  it('chat mode, every suite', { skip: slow }, async () => {
    await chatRun(Object.keys(SUITES), join(root, 'chat'));
  });

  it('completion mode (token ids rendered by the harness), every suite', { skip: slow }, async () => {
    const out = join(root, 'completion');
    const result = await runEval([
      ...['--engine', 'openai', '--base-url', `${url}/v1`, '--model', 'tiny', '--family', 'cascade-v1'],
      ...['--api', 'completion', '--tokenizer', 'byte'],
      ...['--suite', Object.keys(SUITES).join(','), '--data', DATA, '--out', out],
      ...['--n', '1', '--max-tokens', '8', '--concurrency', '8'],
    ]);
    assert.equal(result.code, 0, result.stderr);
    checkRun(out, Object.keys(SUITES), 1, 8);
  });
});
