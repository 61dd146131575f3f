/**
 * Reward service replicas: the same mixed-domain rows (math, ifeval, mcq, tool; bench/reward-service.ts)
 * scored through the round-robin replica client (src/engine/verl/reward-client.ts) by 1 replica,
 * then by N replicas, each a `cascade serve-rewards` process on 127.0.0.1. The same number of
 * batches is in flight in both runs. Every row id must come back exactly once with the same
 * verdict in both runs (lost, duplicated and disagreeing rows are counted and make the exit code 1).
 * The baseline is the 1-replica run; ratio = N replicas / 1 replica. Replicas share the machine's
 * cores, so on a small machine this measures overhead and contention, not cluster scaling.
 * Prints a table, or with `--json` one `{bench, case, metric, value, unit, baseline?, ratio?}` per line.
 *
 *   node --import tsx bench/reward-replicas.ts [--replicas 3] [--rows 4096] [--batch 16]
 *     [--in-flight 24] [--pool-size N] [--json]
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Verdict } from '../src/core/verdict.ts';
import { createRewardReplicaClient, type ReplicaLoad } from '../src/engine/verl/reward-client.ts';
import { type Figure, numberArg, printMetricTable } from './figures.ts';
import { mixedRows } from './reward-service.ts';

const BENCH = 'reward-replicas';
const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'cascade.js');

interface Replica {
  child: ChildProcessWithoutNullStreams;
  url: string;
}

function startReplica(poolSize: number): Promise<Replica> {
  const child = spawn(
    process.execPath,
    [
      BIN,
      'serve-rewards',
      '--port',
      '0',
      '--domains',
      'math,ifeval,mcq,tool',
      '--pool-size',
      String(poolSize),
    ],
    { cwd: ROOT },
  );
  let stdout = '';
  let stderr = '';
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
      if (match) resolve({ child, url: match[1] });
    });
    child.on('close', (code) => reject(new Error(`replica exited ${code}: ${stderr}`)));
  });
}

async function stopReplica(replica: Replica): Promise<void> {
  const closed = new Promise((resolve) => replica.child.on('close', resolve));
  replica.child.kill('SIGTERM');
  await closed;
}

interface RunResult {
  seconds: number;
  verdicts: (Verdict & { id?: unknown })[];
  load: ReplicaLoad[];
}

async function run(
  count: number,
  rows: Record<string, unknown>[],
  batch: number,
  inFlight: number,
  poolSize: number,
): Promise<RunResult> {
  const replicas = await Promise.all(Array.from({ length: count }, () => startReplica(poolSize)));
  try {
    const urls = replicas.map((replica) => replica.url);
    // open every replica's verifier pools before timing (one row per domain each)
    const domains = [...new Set(rows.map((row) => row.domain))];
    const warm = domains.map((domain) => ({ ...rows.find((row) => row.domain === domain)!, id: 'warm' }));
    for (const url of urls) await createRewardReplicaClient({ urls: [url] }).score(warm);
    const client = createRewardReplicaClient({
      urls,
      batchRows: batch,
      concurrencyPerReplica: Math.ceil(inFlight / count),
    });
    const started = performance.now();
    const verdicts = await client.score(rows);
    return { seconds: (performance.now() - started) / 1000, verdicts, load: client.load() };
  } finally {
    await Promise.all(replicas.map(stopReplica));
  }
}

function check(rows: Record<string, unknown>[], result: RunResult) {
  const seen = new Map<unknown, number>();
  for (const verdict of result.verdicts) seen.set(verdict.id, (seen.get(verdict.id) ?? 0) + 1);
  const lost = rows.filter((row) => !seen.has(row.id)).length;
  const duplicated = [...seen.values()].filter((times) => times > 1).length;
  const misplaced = result.verdicts.filter((verdict, index) => verdict.id !== rows[index]?.id).length;
  const errors = result.verdicts.filter((verdict) => verdict.status !== 'scored').length;
  return { lost, duplicated, misplaced, errors };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const count = numberArg(args, '--replicas', 3);
  const total = numberArg(args, '--rows', 4096);
  const batch = numberArg(args, '--batch', 16);
  const inFlight = numberArg(args, '--in-flight', 24);
  const poolSize = numberArg(args, '--pool-size', cpus().length);
  const rows = mixedRows(total, ['math', 'ifeval', 'mcq', 'tool']);

  const single = await run(1, rows, batch, inFlight, poolSize);
  const many = await run(count, rows, batch, inFlight, poolSize);
  const a = check(rows, single);
  const b = check(rows, many);
  const disagreements = rows.filter((_, index) => {
    const x = single.verdicts[index];
    const y = many.verdicts[index];
    return !x || !y || x.status !== y.status || x.reward !== y.reward || x.correct !== y.correct;
  }).length;

  const caseName = `${total} rows, batches of ${batch}, ${inFlight} in flight, pool ${poolSize}/replica, ${cpus().length} cores`;
  const one = total / single.seconds;
  const n = total / many.seconds;
  const share = many.load.map((replica) => replica.rows);
  const figures: Figure[] = [
    {
      bench: BENCH,
      case: caseName,
      metric: `throughput_${count}_replicas`,
      value: n,
      unit: 'rows/s',
      baseline: one,
      ratio: n / one,
    },
    { bench: BENCH, case: caseName, metric: 'throughput_1_replica', value: one, unit: 'rows/s' },
    { bench: BENCH, case: caseName, metric: 'rows', value: total, unit: 'rows' },
    {
      bench: BENCH,
      case: caseName,
      metric: 'min_replica_share',
      value: Math.min(...share) / total,
      unit: 'fraction',
    },
    { bench: BENCH, case: caseName, metric: 'lost_verdicts', value: a.lost + b.lost, unit: 'rows' },
    {
      bench: BENCH,
      case: caseName,
      metric: 'duplicated_verdicts',
      value: a.duplicated + b.duplicated,
      unit: 'rows',
    },
    {
      bench: BENCH,
      case: caseName,
      metric: 'misplaced_verdicts',
      value: a.misplaced + b.misplaced,
      unit: 'rows',
    },
    { bench: BENCH, case: caseName, metric: 'disagreements_1_vs_n', value: disagreements, unit: 'rows' },
    { bench: BENCH, case: caseName, metric: 'error_verdicts', value: a.errors + b.errors, unit: 'rows' },
    {
      bench: BENCH,
      case: caseName,
      metric: 'retries',
      value: [...single.load, ...many.load].reduce((sum, replica) => sum + replica.retries, 0),
      unit: 'requests',
    },
  ];
  if (a.lost + b.lost + a.duplicated + b.duplicated + a.misplaced + b.misplaced + disagreements > 0)
    process.exitCode = 1;

  if (args.includes('--json')) {
    for (const figure of figures) console.log(JSON.stringify(figure));
    return;
  }
  console.log(
    `reward replicas: ${caseName}; baseline = 1 replica (${single.seconds.toFixed(1)} s), ${count} replicas ${many.seconds.toFixed(1)} s; rows per replica ${share.join('/')}`,
  );
  printMetricTable(figures, 'value');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
