import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { scored } from '../core/verdict.ts';
import type { GeneratedCompletion, GenerationRequest, Generator } from './generator.ts';
import { createProgressReporter, formatProgressLine } from './progress.ts';
import { mapLimit, type ProgressEvent, runEval, type SuiteRun } from './run.ts';
import { readSampleLog, repairTornTail } from './samples.ts';
import { binarySummary } from './suites/binary-summary.ts';
import type { EvalItem, Suite } from './suites/suite.ts';
import { resultsTable } from './table.ts';
import { fixedVerifierSet } from './verifier-set.ts';

type Task = { answer: string };

const toySuite: Suite<Task> = {
  name: 'toy',
  title: 'Toy',
  domain: 'math',
  headline: 'accuracy',
  load: async () => [],
  prompt: (item) => ({ messages: item.messages }),
  score: (item, completion, verify) => verify(item.task, completion.content ?? ''),
  summarize: (_items, verdicts) => binarySummary(verdicts),
};

const items: EvalItem<Task>[] = ['a', 'b', 'c'].map((id) => ({
  id,
  where: `toy:${id}`,
  task: { answer: id.toUpperCase() },
  messages: [{ role: 'user', content: `question ${id}` }],
}));

/** Answers by question: a always right, b right on its first choice of each request only, c always wrong. */
function scriptedGenerator(): Generator & { requests: GenerationRequest[] } {
  const requests: GenerationRequest[] = [];
  const reply = (request: GenerationRequest): GeneratedCompletion[] => {
    const id = (request.messages[0].content ?? '').slice(-1);
    return Array.from({ length: request.n }, (_, choice) => {
      const content = id === 'a' || (id === 'b' && choice === 0) ? id.toUpperCase() : 'wrong';
      return { text: content, reasoning: null, content, toolCalls: [], finishReason: 'stop' };
    });
  };
  return {
    name: 'scripted',
    requests,
    async generate(batch) {
      requests.push(...batch);
      return batch.map(reply);
    },
  };
}

const verifiers = fixedVerifierSet({
  math: async (task, response) => {
    const answer = (task as Task).answer;
    return response === answer
      ? scored(1, true, 'match', { extracted: response })
      : scored(0, false, 'no match', { extracted: response });
  },
});

const sampling = { n: 2, temperature: 0.6, topP: 0.95, maxTokens: 64, mode: 'think' as const };
const runs = (n = 2): SuiteRun[] => [
  { suite: toySuite as Suite, items: items as EvalItem[], sampling: { ...sampling, n } },
];
const tempLog = () => join(mkdtempSync(join(tmpdir(), 'cascade-eval-')), 'samples.jsonl');

test('the harness samples n per item, scores each, logs every sample and reduces to metrics', async () => {
  const samplesPath = tempLog();
  const generator = scriptedGenerator();
  const events: ProgressEvent[] = [];
  const [result] = await runEval({
    runs: runs(),
    generator,
    verifiers,
    samplesPath,
    concurrency: 2,
    onProgress: (event) => events.push(event),
  });
  assert.equal(generator.requests.length, 3);
  assert.deepEqual(
    generator.requests.map((request) => [
      request.n,
      request.temperature,
      request.topP,
      request.maxTokens,
      request.mode,
    ]),
    Array(3).fill([2, 0.6, 0.95, 64, 'think']),
  );
  // a: 1, 1 · b: 1, 0 · c: 0, 0
  assert.equal(result.metrics.accuracy, 0.5);
  assert.equal(result.metrics['pass@1'], 0.5);
  assert.equal(result.metrics['pass@2'], 2 / 3);
  assert.equal(result.metrics.items, 3);
  assert.equal(result.metrics.errors, 0);
  // runs: sample 0 → [1,1,0] = 2/3, sample 1 → [1,0,0] = 1/3; sd = √((1/6)² · 2) = 0.2357
  assert.ok(Math.abs(result.metrics.std_dev_across_runs - Math.SQRT2 / 6) < 1e-12);
  assert.ok(Math.abs(result.metrics.std_err_across_runs - Math.SQRT2 / 6 / Math.SQRT2) < 1e-12);
  assert.equal(result.generated, 6);
  assert.equal(result.resumed, 0);
  assert.deepEqual(events[0], { suite: 'toy', done: 0, total: 6, resumed: 0 });
  assert.deepEqual(events.at(-1), { suite: 'toy', done: 6, total: 6, resumed: 0 });
  const log = readFileSync(samplesPath, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  assert.equal(log.length, 6);
  assert.deepEqual(
    log.map((record) => `${record.item_id}:${record.sample}:${record.verdict.correct}`).sort(),
    ['a:0:true', 'a:1:true', 'b:0:true', 'b:1:false', 'c:0:false', 'c:1:false'],
  );
});

test('a rerun skips finished samples, tolerates a torn last line, and asks only for what is missing', async () => {
  const samplesPath = tempLog();
  await runEval({ runs: runs(2), generator: scriptedGenerator(), verifiers, samplesPath, concurrency: 1 });
  // simulate a kill mid-write: drop c's records and leave half a line
  const kept = readFileSync(samplesPath, 'utf8')
    .trim()
    .split('\n')
    .filter((line) => JSON.parse(line).item_id !== 'c');
  writeFileSync(samplesPath, `${kept.join('\n')}\n{"suite":"toy","item_id":"c","sam`);
  const generator = scriptedGenerator();
  const [result] = await runEval({ runs: runs(3), generator, verifiers, samplesPath, concurrency: 2 });
  // n grew to 3: a and b need sample 2 only, c needs all three
  assert.deepEqual(generator.requests.map((request) => [request.messages[0].content, request.n]).sort(), [
    ['question a', 1],
    ['question b', 1],
    ['question c', 3],
  ]);
  assert.equal(result.resumed, 4);
  assert.equal(result.generated, 5);
  const lines = readFileSync(samplesPath, 'utf8').split('\n');
  assert.equal(lines.at(-1), '', 'the log ends with a newline');
  assert.ok(lines.slice(0, -1).every((line) => JSON.parse(line)));
  assert.equal((await readSampleLog(samplesPath)).size, 9);
  // nothing left to do: no request at all
  const idle = scriptedGenerator();
  await runEval({ runs: runs(3), generator: idle, verifiers, samplesPath, concurrency: 2 });
  assert.equal(idle.requests.length, 0);
});

test('a bad line in the middle of the log is an error naming the line', async () => {
  const samplesPath = tempLog();
  writeFileSync(samplesPath, 'garbage\n{"suite":"toy"}\n');
  await assert.rejects(readSampleLog(samplesPath), new RegExp(`${samplesPath}:1: not valid JSON`));
  writeFileSync(samplesPath, '{"suite":"toy"}\n');
  await assert.rejects(readSampleLog(samplesPath), new RegExp(`${samplesPath}:1: not a sample record`));
  const torn = tempLog();
  writeFileSync(torn, '{"half');
  await repairTornTail(torn);
  assert.equal(readFileSync(torn, 'utf8'), '');
  appendFileSync(torn, 'x\n');
  await repairTornTail(torn);
  assert.equal(readFileSync(torn, 'utf8'), 'x\n');
});

test('a generation failure stops the run after saving what finished; a throwing verifier is an error verdict', async () => {
  const samplesPath = tempLog();
  const failing: Generator = {
    name: 'failing',
    async generate(batch) {
      if ((batch[0].messages[0].content ?? '').endsWith('b')) throw new Error('server down');
      return batch.map((request) =>
        Array.from({ length: request.n }, () => ({
          text: 'A',
          reasoning: null,
          content: 'A',
          toolCalls: [],
          finishReason: 'stop',
        })),
      );
    },
  };
  await assert.rejects(
    runEval({ runs: runs(), generator: failing, verifiers, samplesPath, concurrency: 1 }),
    /server down/,
  );
  assert.equal((await readSampleLog(samplesPath)).size, 2);
  const throwing = fixedVerifierSet({
    math: async () => {
      throw new Error('checker bug');
    },
  });
  const [result] = await runEval({
    runs: runs(),
    generator: scriptedGenerator(),
    verifiers: throwing,
    samplesPath: tempLog(),
    concurrency: 2,
  });
  assert.equal(result.metrics.errors, 6);
  assert.equal(result.metrics.accuracy, 0);
});

test('mapLimit keeps at most `limit` tasks in flight', async () => {
  let inFlight = 0;
  let peak = 0;
  await mapLimit([1, 2, 3, 4, 5, 6, 7], 3, async () => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    await new Promise((resolve) => setTimeout(resolve, 5));
    inFlight--;
  });
  assert.equal(peak, 3);
});

test('the table follows the model card: benchmark (metric) | percent', () => {
  const base = { generated: 0, resumed: 0 };
  const table = resultsTable('Cascade-8B', [
    {
      ...base,
      suite: 'aime24',
      title: 'AIME 2024',
      headline: 'accuracy',
      sampling: { ...sampling, n: 64 },
      metrics: { accuracy: 0.89531 },
    },
    {
      ...base,
      suite: 'ifeval',
      title: 'IFEval',
      headline: 'prompt_strict',
      sampling: { ...sampling, n: 8 },
      metrics: { prompt_strict: 0.902 },
    },
    {
      ...base,
      suite: 'mmlu-pro',
      title: 'MMLU-Pro',
      headline: 'accuracy',
      sampling: { ...sampling, n: 1 },
      metrics: { accuracy: 0.757 },
    },
  ]);
  assert.equal(
    table,
    '| Benchmark | Cascade-8B |\n| --- | --- |\n| MMLU-Pro (EM) | 75.7 |\n| IFEval (strict prompt, avg@8) | 90.2 |\n| AIME 2024 (avg@64) | 89.5 |\n',
  );
});

test('plain progress: a line per suite at most every interval, and always the final one', () => {
  let clock = 0;
  const written: string[] = [];
  const stream = {
    write: (text: string) => written.push(text),
    isTTY: false,
  } as unknown as NodeJS.WritableStream;
  const reporter = createProgressReporter({ stream, intervalSeconds: 10, now: () => clock });
  reporter.onProgress({ suite: 'toy', done: 2, total: 10, resumed: 2 });
  clock = 5_000;
  reporter.onProgress({ suite: 'toy', done: 4, total: 10, resumed: 2 });
  clock = 12_000;
  reporter.onProgress({ suite: 'toy', done: 6, total: 10, resumed: 2 });
  reporter.onProgress({ suite: 'toy', done: 10, total: 10, resumed: 2 });
  assert.equal(written.length, 3);
  assert.equal(written[1], 'eval toy: 6/10 samples (2 resumed), 0.33 samples/s, eta 12s\n');
  assert.equal(
    formatProgressLine({ suite: 's', done: 10, total: 10, resumed: 0 }, 5),
    'eval s: 10/10 samples, 2.00 samples/s',
  );
});
