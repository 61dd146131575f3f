/**
 * Reward service under load: the service runs in-process on 127.0.0.1 (port chosen by the system),
 * 64 concurrent clients POST batches of mixed-domain rows (math, ifeval, mcq, tool; code with
 * `--with-code`) to /v1/verify, retrying on 429 after Retry-After. Every row carries a unique id,
 * and every id must come back exactly once, at its position in the batch: lost, duplicated and
 * out-of-place verdicts are counted (and make the exit code 1). The baseline runs the same batches
 * with the same concurrency straight through the verifiers in-process (no HTTP, no queue), and the
 * two verdicts of each row must agree.
 * Prints a table, or with `--json` one `{bench, case, metric, value, unit, baseline?, ratio?}` per line.
 *
 *   node --import tsx bench/reward-service.ts [--clients 64] [--batch 16] [--requests 256]
 *     [--seconds 60] [--with-code | --domains math,mcq,…] [--json]
 */
import { pathToFileURL } from 'node:url';
import { Rng } from '../src/core/rng.ts';
import type { Verdict } from '../src/core/verdict.ts';
import { createRewardService, listen } from '../src/serve/rewards/index.ts';
import { type OpenedVerifier, openDomainVerifier, type VerifierDomain } from '../src/verifiers/registry.ts';
import { verifyRow } from '../src/verifiers/rows.ts';
import { type Figure, numberArg, printMetricTable } from './figures.ts';
import { syntheticIfevalRows } from './verify-ifeval.ts';
import { syntheticMathRows } from './verify-math.ts';

interface BenchRow extends Record<string, unknown> {
  id: string;
  domain: VerifierDomain;
}

const BENCH = 'reward-service';

function mcqRow(rng: Rng): Record<string, unknown> {
  const letters = 'ABCD';
  const answer = letters[rng.int(4)];
  const said = rng.next() < 0.7 ? answer : letters[rng.int(4)];
  const think = 'Option analysis. '.repeat(20 + rng.int(60));
  return { response: `<think>${think}</think>\nThe answer is (${said}).`, answer, num_choices: 4 };
}

function toolRow(rng: Rng): Record<string, unknown> {
  const a = rng.int(100);
  const b = rng.int(100);
  const given = rng.next() < 0.7 ? b : b + 1;
  return {
    response: `<tool_call>\n{"name": "add", "arguments": {"a": ${a}, "b": ${given}}}\n</tool_call>`,
    expected: [{ add: { a: [a], b: [b] } }],
    tools: [
      {
        name: 'add',
        parameters: {
          type: 'dict',
          properties: { a: { type: 'integer' }, b: { type: 'integer' } },
          required: ['a', 'b'],
        },
      },
    ],
  };
}

function codeRow(rng: Rng): Record<string, unknown> {
  const op = rng.next() < 0.7 ? '+' : '-';
  return {
    language: 'python',
    response: `\`\`\`python\na, b = map(int, input().split())\nprint(a ${op} b)\n\`\`\``,
    tests: [{ input: '3 4\n', output: '7\n' }],
  };
}

/** `count` rows cycling through the domains, each with a unique id; the same for the same seed. */
export function mixedRows(count: number, domains: readonly VerifierDomain[], seed = 11): BenchRow[] {
  const rng = new Rng(seed);
  const perDomain = Math.ceil(count / domains.length);
  const math = syntheticMathRows(perDomain);
  const ifeval = syntheticIfevalRows(perDomain);
  return Array.from({ length: count }, (_, index) => {
    const domain = domains[index % domains.length];
    const k = Math.floor(index / domains.length);
    const id = `r${index}`;
    if (domain === 'math') return { id, domain, response: math[k].response, answer: math[k].gold };
    if (domain === 'ifeval') {
      const { instruction_id_list, kwargs, prompt, response } = ifeval[k];
      return { id, domain, instruction_id_list, kwargs, prompt, response };
    }
    if (domain === 'mcq') return { id, domain, ...mcqRow(rng) };
    if (domain === 'tool') return { id, domain, ...toolRow(rng) };
    return { id, domain, ...codeRow(rng) };
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

interface RunResult {
  seconds: number;
  rowsSent: number;
  latenciesMs: number[];
  verdicts: Map<string, Verdict[]>;
  misplaced: number;
  retries: number;
}

/** Runs `batches` through `send` with `clients` concurrent loops, stopping new batches at the deadline. */
async function drive(
  batches: BenchRow[][],
  clients: number,
  deadlineMs: number,
  send: (batch: BenchRow[]) => Promise<{ verdicts: (Verdict & { id?: string })[]; retries: number }>,
): Promise<RunResult> {
  const result: RunResult = {
    seconds: 0,
    rowsSent: 0,
    latenciesMs: [],
    verdicts: new Map(),
    misplaced: 0,
    retries: 0,
  };
  let next = 0;
  const started = performance.now();
  const client = async () => {
    while (next < batches.length && performance.now() - started < deadlineMs) {
      const batch = batches[next++];
      result.rowsSent += batch.length;
      const sent = performance.now();
      const { verdicts, retries } = await send(batch);
      result.latenciesMs.push(performance.now() - sent);
      result.retries += retries;
      for (const [position, verdict] of verdicts.entries()) {
        if (verdict.id !== batch[position]?.id) result.misplaced += 1;
        const id = String(verdict.id);
        const seen = result.verdicts.get(id);
        if (seen) seen.push(verdict);
        else result.verdicts.set(id, [verdict]);
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  result.seconds = (performance.now() - started) / 1000;
  result.latenciesMs.sort((a, b) => a - b);
  return result;
}

async function postBatch(
  url: string,
  batch: BenchRow[],
): Promise<{ verdicts: (Verdict & { id?: string })[]; retries: number }> {
  const body = JSON.stringify(batch);
  for (let retries = 0; ; retries++) {
    const response = await fetch(`${url}/v1/verify`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
    });
    if (response.status === 429 || response.status === 503) {
      await response.arrayBuffer();
      // a short wait: Retry-After is whole seconds, far longer than a row takes here
      await new Promise((resolve) =>
        setTimeout(resolve, Math.min(50, Number(response.headers.get('retry-after') ?? 1) * 1000)),
      );
      continue;
    }
    if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
    const { verdicts } = (await response.json()) as { verdicts: (Verdict & { id?: string })[] };
    return { verdicts, retries };
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const clients = numberArg(args, '--clients', 64);
  const batchSize = numberArg(args, '--batch', 16);
  const requests = numberArg(args, '--requests', 256);
  const deadlineMs = numberArg(args, '--seconds', 60) * 1000;
  const domainsAt = args.indexOf('--domains');
  const chosen: VerifierDomain[] =
    domainsAt >= 0
      ? (args[domainsAt + 1].split(',') as VerifierDomain[])
      : ['math', 'ifeval', 'mcq', 'tool', ...(args.includes('--with-code') ? (['code'] as const) : [])];
  const rows = mixedRows(requests * batchSize, chosen);
  const batches = Array.from({ length: requests }, (_, i) => rows.slice(i * batchSize, (i + 1) * batchSize));
  const domains = [...new Set(rows.map((row) => row.domain))];
  const warmup = domains.map((domain) => rows.find((row) => row.domain === domain)!);

  // the service, over HTTP on 127.0.0.1
  const service = createRewardService({ domains });
  const server = await listen(service, 0, '127.0.0.1');
  await postBatch(
    server.url,
    warmup.map((row) => ({ ...row, id: `warm-${row.id}` })),
  );
  const served = await drive(batches, clients, deadlineMs, (batch) => postBatch(server.url, batch));
  await server.close();

  // the baseline: the same verifiers, opened the same way, called directly with the same concurrency
  const verifiers = new Map<VerifierDomain, OpenedVerifier<unknown>>();
  for (const domain of domains)
    verifiers.set(
      domain,
      await openDomainVerifier(domain, {
        concurrency: Math.min(service.limits.concurrency[domain], service.limits.poolSize),
      }),
    );
  const direct = (batch: BenchRow[]) =>
    Promise.all(
      batch.map(async (row, index) => ({
        ...(await verifyRow(row.domain, verifiers.get(row.domain)!, row, `row ${index}`)),
        id: row.id,
      })),
    ).then((verdicts) => ({ verdicts, retries: 0 }));
  await direct(warmup);
  const baseline = await drive(
    batches.slice(0, Math.ceil(served.rowsSent / batchSize)),
    clients,
    Number.POSITIVE_INFINITY,
    direct,
  );
  for (const verifier of verifiers.values()) await verifier.close();

  const sentIds = rows.slice(0, served.rowsSent).map((row) => row.id);
  const lost = sentIds.filter((id) => !served.verdicts.has(id)).length;
  const duplicated = [...served.verdicts.values()].filter((list) => list.length > 1).length;
  const disagreements = sentIds.filter((id) => {
    const a = served.verdicts.get(id)?.[0];
    const b = baseline.verdicts.get(id)?.[0];
    return !a || !b || a.status !== b.status || a.reward !== b.reward || a.correct !== b.correct;
  }).length;
  const errors = [...served.verdicts.values()].filter((list) => list[0].status !== 'scored').length;

  const caseName = `${clients} clients x ${batchSize} rows (${domains.join('+')})`;
  const throughput = served.rowsSent / served.seconds;
  const baseThroughput = baseline.rowsSent / baseline.seconds;
  const p50 = percentile(served.latenciesMs, 50);
  const p99 = percentile(served.latenciesMs, 99);
  const baseP50 = percentile(baseline.latenciesMs, 50);
  const baseP99 = percentile(baseline.latenciesMs, 99);
  const figures: Figure[] = [
    {
      bench: BENCH,
      case: caseName,
      metric: 'throughput',
      value: throughput,
      unit: 'rows/s',
      baseline: baseThroughput,
      ratio: throughput / baseThroughput,
    },
    {
      bench: BENCH,
      case: caseName,
      metric: 'requests',
      value: served.latenciesMs.length / served.seconds,
      unit: 'requests/s',
    },
    {
      bench: BENCH,
      case: caseName,
      metric: 'p50_latency',
      value: p50,
      unit: 'ms',
      baseline: baseP50,
      ratio: p50 / baseP50,
    },
    {
      bench: BENCH,
      case: caseName,
      metric: 'p99_latency',
      value: p99,
      unit: 'ms',
      baseline: baseP99,
      ratio: p99 / baseP99,
    },
    { bench: BENCH, case: caseName, metric: 'rows', value: served.rowsSent, unit: 'rows' },
    { bench: BENCH, case: caseName, metric: 'lost_verdicts', value: lost, unit: 'rows' },
    { bench: BENCH, case: caseName, metric: 'duplicated_verdicts', value: duplicated, unit: 'rows' },
    { bench: BENCH, case: caseName, metric: 'misplaced_verdicts', value: served.misplaced, unit: 'rows' },
    {
      bench: BENCH,
      case: caseName,
      metric: 'disagreements_with_baseline',
      value: disagreements,
      unit: 'rows',
    },
    { bench: BENCH, case: caseName, metric: 'error_verdicts', value: errors, unit: 'rows' },
    { bench: BENCH, case: caseName, metric: 'retries_429', value: served.retries, unit: 'requests' },
  ];
  if (lost + duplicated + served.misplaced + disagreements > 0) process.exitCode = 1;

  if (args.includes('--json')) {
    for (const figure of figures) console.log(JSON.stringify(figure));
    return;
  }
  console.log(
    `reward service: ${caseName}, ${served.rowsSent} rows in ${served.seconds.toFixed(1)} s; baseline = verifiers called in-process`,
  );
  printMetricTable(figures, 'service');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
