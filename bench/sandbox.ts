/**
 * Sandbox benchmark. (1) Overhead per execution: the same program run through the sandbox
 * (sh → prlimit → bubblewrap, per-run cgroups joined by a standby launcher) and spawned bare, medians
 * over N runs in the same process; target < 20 ms. The Python case is also run with the cgroup join
 * at launch (no standbys), to show what the standbys save. (2) Throughput: a 1,000-case stdin/stdout Python workload through a pool
 * of 2; target ≥ 30 executions/s, with the bare spawn at the same concurrency as the baseline.
 *
 *   node --import tsx bench/sandbox.ts [--json] [--runs 30] [--cases 1000] [--concurrency 2]
 */
import { execute } from '../src/sandbox/execute.ts';
import { LANGUAGE_SPECS, sandboxEnv } from '../src/sandbox/languages.ts';
import { createSandboxPool } from '../src/sandbox/pool.ts';
import type { CompiledProgram, Language } from '../src/sandbox/types.ts';
import type { Figure } from './figures.ts';

const argv = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = argv.indexOf(`--${name}`);
  return at >= 0 ? Number(argv[at + 1]) : fallback;
};
const json = argv.includes('--json');
const runs = option('runs', 30);
const cases = option('cases', 1000);
const concurrency = option('concurrency', 2);

const PROGRAMS: Record<Language, string> = {
  python: 'import sys\nprint(sum(map(int, sys.stdin.read().split())))',
  javascript:
    "console.log(require('fs').readFileSync(0, 'utf8').split(/\\s+/).filter(Boolean).map(Number).reduce((a, b) => a + b, 0))",
  cpp: '#include <cstdio>\nint main(){long s=0,x;while(scanf("%ld",&x)==1)s+=x;printf("%ld\\n",s);}',
};

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const pool = await createSandboxPool({ concurrency });
const coldPool = await createSandboxPool({ concurrency, standby: 0 });
const tools = {
  python: pool.sandbox.isolation.tools.python ?? '',
  node: pool.sandbox.isolation.tools.node ?? '',
  gxx: pool.sandbox.isolation.tools.gxx ?? '',
};

/** The same program spawned directly: no sh, prlimit, bubblewrap or cgroup. */
function runBare(program: CompiledProgram, stdin: string) {
  const spec = LANGUAGE_SPECS[program.language];
  const command = spec.run(tools, `${program.directory}/${program.entry}`, [], {
    wallMs: 10_000,
    cpuMs: 10_000,
    memoryMb: 1024,
    processes: 64,
    fileSizeMb: 64,
    outputBytes: 1 << 20,
  });
  return execute({
    argv: command,
    stdin,
    wallMs: 10_000,
    outputBytes: 1 << 20,
    env: sandboxEnv(),
    cwd: program.directory,
  });
}

const figures: Figure[] = [];
const stdin = '1 2 3 4 5\n';
try {
  const latencyCases = [
    ['python', pool, 'python run'],
    ['python', coldPool, 'python run, cgroup join at launch'],
    ['javascript', pool, 'javascript run'],
    ['cpp', pool, 'cpp run'],
  ] as const;
  for (const [language, runner, name] of latencyCases) {
    const { result, program } = await runner.compileProgram({ language, source: PROGRAMS[language] });
    if (!program) throw new Error(`${language} did not compile: ${result.reason} ${result.stderr}`);
    const sandboxed: number[] = [];
    const bare: number[] = [];
    // interleaved, one at a time, so both see the same machine load
    for (let index = 0; index < runs; index++) {
      let started = performance.now();
      const run = await runner.runCompiled(program, { stdin });
      sandboxed.push(performance.now() - started);
      if (run.stdout.trim() !== '15')
        throw new Error(`${language} sandboxed run printed ${run.stdout} (${run.reason})`);
      started = performance.now();
      await runBare(program, stdin);
      bare.push(performance.now() - started);
    }
    await program.dispose();
    const sandboxedMedian = median(sandboxed);
    const bareMedian = median(bare);
    figures.push(
      {
        bench: 'sandbox',
        case: name,
        metric: 'median_ms',
        value: sandboxedMedian,
        unit: 'ms',
        baseline: bareMedian,
        ratio: sandboxedMedian / bareMedian,
      },
      {
        bench: 'sandbox',
        case: name,
        metric: 'overhead_ms',
        value: sandboxedMedian - bareMedian,
        unit: 'ms',
      },
    );
  }

  const { program } = await pool.compileProgram({ language: 'python', source: PROGRAMS.python });
  if (!program) throw new Error('python did not compile');
  const inputs = Array.from({ length: cases }, (_, index) => `${index} ${index * 3}\n`);
  const throughput = async (runOne: (input: string) => Promise<unknown>) => {
    const started = performance.now();
    let next = 0;
    // a fixed number of workers pulls cases, so the bare baseline runs at the same concurrency
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < inputs.length) await runOne(inputs[next++]);
      }),
    );
    return inputs.length / ((performance.now() - started) / 1000);
  };
  const sandboxedRate = await throughput((input) => pool.runCompiled(program, { stdin: input }));
  const bareRate = await throughput((input) => runBare(program, input));
  await program.dispose();
  figures.push({
    bench: 'sandbox',
    case: `python stdin/stdout x${cases} @${concurrency}`,
    metric: 'executions_per_s',
    value: sandboxedRate,
    unit: '1/s',
    baseline: bareRate,
    ratio: sandboxedRate / bareRate,
  });
} finally {
  await pool.close();
  await coldPool.close();
}

if (json) {
  for (const figure of figures) console.log(JSON.stringify(figure));
} else {
  const round = (value: number | undefined) => (value === undefined ? '' : value.toFixed(value < 10 ? 2 : 1));
  const rows = figures.map((figure) => [
    figure.case,
    figure.metric,
    `${round(figure.value)} ${figure.unit}`,
    round(figure.baseline),
    round(figure.ratio),
  ]);
  const header = ['case', 'metric', 'sandboxed', 'bare', 'ratio'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column].length)),
  );
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column])).join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  console.log('targets: overhead < 20 ms per execution; ≥ 30 executions/s at concurrency 2');
}
