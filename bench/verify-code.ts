/**
 * Throughput of the code verifier on the tiny code suite's call-based tasks (Python and JavaScript,
 * 3 calls each), on every train prompt's teacher answer, all of which pass, through a sandbox pool
 * of 2. The case is the verifier as Code RL runs it: one sandboxed process per answer, calling the
 * function for each test. The baseline is the same verifier with `stopAtFirstFailure: false`: one
 * process per call, which is what it did before for an answer that passes (an answer that fails its
 * first call costs one process either way). Every verdict must be a pass.
 *
 *   node --import tsx bench/verify-code.ts [--json] [--rounds 2] [--concurrency 2]
 */
import { generateCode } from '../src/data/tasks/index.ts';
import { createSandboxPool } from '../src/sandbox/index.ts';
import { codeTaskSchema, createCodeVerifier } from '../src/verifiers/code/index.ts';
import { type Figure, numberArg, printMetricTable } from './figures.ts';

const argv = process.argv.slice(2);
const json = argv.includes('--json');
const rounds = numberArg(argv, '--rounds', 2);
const concurrency = numberArg(argv, '--concurrency', 2);

const items = generateCode({ seed: 1, count: 200, split: 'train' });
const rows = items.map((item) => ({
  task: codeTaskSchema.parse(item.task),
  response: item.reference.answer,
}));

const pool = await createSandboxPool({ concurrency });
const figures: Figure[] = [];
try {
  const verifiers = {
    'one process per answer': createCodeVerifier(pool),
    'one process per call': createCodeVerifier(pool, { stopAtFirstFailure: false }),
  };
  const rates: Record<string, number[]> = Object.fromEntries(
    Object.keys(verifiers).map((name) => [name, []]),
  );
  // alternated rounds, so both see the same machine load
  for (let round = 0; round < rounds; round++) {
    for (const [name, verify] of Object.entries(verifiers)) {
      const started = performance.now();
      const verdicts = await Promise.all(rows.map((row) => verify(row.task, row.response)));
      const seconds = (performance.now() - started) / 1000;
      const failed = verdicts.filter((verdict) => !verdict.correct);
      if (failed.length > 0)
        throw new Error(`${name}: ${failed.length} teacher answers failed, the first: ${failed[0].reason}`);
      rates[name].push(rows.length / seconds);
    }
  }
  const best = (name: string) => Math.max(...rates[name]);
  const value = best('one process per answer');
  const baseline = best('one process per call');
  figures.push({
    bench: 'verify-code',
    case: `${rows.length} passing answers, python + javascript, 3 calls each, @${concurrency}`,
    metric: 'answers_per_s',
    value,
    unit: '1/s',
    baseline,
    ratio: value / baseline,
  });
} finally {
  await pool.close();
}

if (json) for (const figure of figures) console.log(JSON.stringify(figure));
else {
  console.log(`${figures[0].case}; baseline: one sandboxed process per call; best of ${rounds} rounds`);
  printMetricTable(figures, 'per answer');
}
