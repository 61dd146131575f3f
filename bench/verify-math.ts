/**
 * Throughput and latency of the math verifier on deterministic, realistic rows: a think block of
 * 1–4 KB, then a final answer in `\boxed{}` (integers, fractions, decimals, expressions, intervals,
 * sets, tuples, words, units/percent/degrees), about a quarter of them wrong. Symbolic answers such
 * as `(x+1)^2` are mostly settled on the main thread by the double evaluator; about 5% of rows
 * (complex numbers, sums, `\sin^{-1}`, 2^{-1000}) need Compute Engine in a worker. Throughput runs a 2-worker pool with 16 checks in flight; latency runs one
 * check at a time (service time, no queueing). Each row carries its expected label, and the
 * agreement of verdicts with labels is printed as a sanity check.
 * Prints a table, or with `--json` one `{bench, case, metric, value, unit}` object per line.
 *
 *   node --import tsx bench/verify-math.ts [--rows 2000] [--json]
 */
import { pathToFileURL } from 'node:url';
import { Rng } from '../src/core/rng.ts';
import type { Verdict } from '../src/core/verdict.ts';
import { createMathPool, type MathPool } from '../src/verifiers/math/index.ts';

export interface MathBenchRow {
  kind: string;
  gold: string;
  response: string;
  expectedCorrect: boolean;
}

interface AnswerPair {
  gold: string;
  right: string;
  wrong: string;
}

const FILLER = [
  'Let me set up the equation carefully.',
  'First, consider the case where the variable is positive.',
  'We can factor the expression and cancel the common term.',
  'Checking the boundary values gives the same result.',
  'Substituting back confirms the computation.',
  'Wait, I should double-check the arithmetic here.',
  'By symmetry the two remaining cases are identical.',
  'Using the formula for the sum of a geometric series,',
  'Now apply the quadratic formula to both roots.',
  'So the discriminant is positive and there are two real solutions.',
];

const pick = <T>(rng: Rng, items: readonly T[]): T => items[rng.int(items.length)];

function integerPair(rng: Rng): AnswerPair {
  const value = rng.int(2000) - 200;
  return { gold: String(value), right: String(value), wrong: String(value + 1 + rng.int(9)) };
}

function fractionPair(rng: Rng): AnswerPair {
  const numerator = 1 + rng.int(30);
  const denominator = numerator + 1 + rng.int(30);
  const factor = 1 + rng.int(3);
  const right = pick(rng, [
    `\\dfrac{${numerator}}{${denominator}}`,
    `\\frac{${numerator * factor}}{${denominator * factor}}`,
    `${numerator}/${denominator}`,
  ]);
  return {
    gold: `\\frac{${numerator}}{${denominator}}`,
    right,
    wrong: `\\frac{${numerator}}{${denominator + 1}}`,
  };
}

function decimalPair(rng: Rng): AnswerPair {
  const value = (rng.int(100000) / 100).toFixed(2);
  return {
    gold: value,
    right: pick(rng, [value, `${value}0`, `\\$${value}`]),
    wrong: (Number(value) + 0.5).toFixed(2),
  };
}

const SYMBOLIC: AnswerPair[] = [
  { gold: '2\\sqrt{2}', right: '\\sqrt{8}', wrong: '\\sqrt{6}' },
  { gold: 'x^2+2x+1', right: '(x+1)^2', wrong: '(x+1)^3' },
  { gold: '\\frac{\\pi}{4}', right: '\\frac{2\\pi}{8}', wrong: '\\frac{\\pi}{3}' },
  { gold: '\\frac{\\sqrt{3}}{2}', right: '\\frac{3}{2\\sqrt{3}}', wrong: '\\frac{\\sqrt{2}}{2}' },
  { gold: 'x+1', right: '\\frac{x^2-1}{x-1}', wrong: 'x-1' },
  { gold: '3\\sqrt{5}', right: '\\sqrt{45}', wrong: '5\\sqrt{3}' },
  {
    gold: '\\frac{1}{2}',
    right: '\\sin\\left(\\frac{\\pi}{6}\\right)',
    wrong: '\\cos\\left(\\frac{\\pi}{6}\\right)',
  },
  { gold: 'e^{2}', right: 'e\\cdot e', wrong: '2e' },
];

// pairs only Compute Engine settles (complex numbers, inverse-function powers, sums, magnitudes beyond doubles)
const ENGINE_ONLY: AnswerPair[] = [
  { gold: '-1', right: 'e^{i\\pi}', wrong: 'e^{i\\pi/2}' },
  { gold: '2i', right: '(1+i)^2', wrong: '(1-i)^2' },
  { gold: '\\frac{\\pi}{2}', right: '\\sin^{-1}(1)', wrong: '\\cos^{-1}(0)+1' },
  { gold: '\\frac{1}{2^{1000}}', right: '2^{-1000}', wrong: '2^{-999}' },
  { gold: '55', right: '\\sum_{k=1}^{10} k', wrong: '\\sum_{k=1}^{11} k' },
  { gold: '0', right: '\\sin(2\\pi)', wrong: '\\cos(2\\pi)' },
];

function intervalPair(rng: Rng): AnswerPair {
  const low = rng.int(10) - 5;
  const high = low + 1 + rng.int(8);
  return {
    gold: `[${low}, ${high})`,
    right: pick(rng, [`[${low},${high})`, `\\left[${low}, ${high}\\right)`]),
    wrong: `(${low}, ${high}]`,
  };
}

function setPair(rng: Rng): AnswerPair {
  const values = [rng.int(20), 20 + rng.int(20), 40 + rng.int(20)];
  return {
    gold: `\\{${values.join(', ')}\\}`,
    right: pick(rng, [
      `\\{${[...values].reverse().join(', ')}\\}`,
      [values[1], values[0], values[2]].join(', '),
    ]),
    wrong: `\\{${values[0]}, ${values[1]}\\}`,
  };
}

function tuplePair(rng: Rng): AnswerPair {
  const x = rng.int(10);
  const y = 10 + rng.int(10);
  return { gold: `(${x}, ${y})`, right: `\\left(${x},${y}\\right)`, wrong: `(${y}, ${x})` };
}

function unitPair(rng: Rng): AnswerPair {
  const value = 1 + rng.int(360);
  const [gold, right] = pick(rng, [
    [`${value}^\\circ`, `${value}`],
    [`${value}\\%`, `${value}\\%`],
    [`${value}`, `${value}\\text{ cm}^2`],
    [`${value}`, `x = ${value}`],
    [`${value * 1000}`, `${value},000`],
  ]);
  return { gold, right, wrong: String(value + 2) };
}

function wordPair(rng: Rng): AnswerPair {
  const names = ['Evelyn', 'Briana', 'Carla', 'Debra'];
  const index = rng.int(names.length);
  return { gold: `\\text{${names[index]}}`, right: names[index], wrong: names[(index + 1) % names.length] };
}

const KINDS: [string, number, (rng: Rng) => AnswerPair][] = [
  ['integer', 35, integerPair],
  ['fraction', 15, fractionPair],
  ['decimal', 10, decimalPair],
  ['symbolic', 10, (rng) => pick(rng, SYMBOLIC)],
  ['engine-only', 5, (rng) => pick(rng, ENGINE_ONLY)],
  ['interval', 8, intervalPair],
  ['set', 8, setPair],
  ['tuple', 5, tuplePair],
  ['units', 6, unitPair],
  ['word', 3, wordPair],
];

function drawKind(rng: Rng): [string, (rng: Rng) => AnswerPair] {
  const total = KINDS.reduce((sum, [, weight]) => sum + weight, 0);
  let draw = rng.int(total);
  for (const [name, weight, make] of KINDS) {
    if (draw < weight) return [name, make];
    draw -= weight;
  }
  return [KINDS[0][0], KINDS[0][2]];
}

/** Deterministic rows for a given count (seeded). */
export function syntheticMathRows(count: number, seed = 7): MathBenchRow[] {
  const rng = new Rng(seed);
  const rows: MathBenchRow[] = [];
  for (let index = 0; index < count; index++) {
    const [kind, make] = drawKind(rng);
    const pair = make(rng);
    const expectedCorrect = rng.next() >= 0.25;
    const answer = expectedCorrect ? pair.right : pair.wrong;
    const thinkLength = 1000 + rng.int(3000);
    let think = '';
    while (think.length < thinkLength) think += `${pick(rng, FILLER)} ${rng.int(1000)} + ${rng.int(1000)}. `;
    const closing = pick(rng, [
      `Therefore the answer is $\\boxed{${answer}}$.`,
      `**Final answer:** \\[\\boxed{${answer}}\\]`,
      `So we get \\(\\boxed{${answer}}\\).`,
    ]);
    rows.push({
      kind,
      gold: pair.gold,
      response: `<think>\n${think}\n</think>\n\nSummary of the solution.\n\n${closing}`,
      expectedCorrect,
    });
  }
  return rows;
}

interface Figure {
  bench: string;
  case: string;
  metric: string;
  value: number;
  unit: string;
}

const figure = (name: string, metric: string, value: number, unit: string): Figure => ({
  bench: 'verify-math',
  case: name,
  metric,
  value,
  unit,
});

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
}

async function runConcurrent(pool: MathPool, rows: MathBenchRow[], inFlight: number): Promise<Verdict[]> {
  const verdicts: Verdict[] = new Array(rows.length);
  let next = 0;
  const lane = async () => {
    while (next < rows.length) {
      const index = next++;
      verdicts[index] = await pool.verify({ answer: rows[index].gold }, rows[index].response);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  return verdicts;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const rowsAt = args.indexOf('--rows');
  const count = rowsAt >= 0 ? Number(args[rowsAt + 1]) : 2000;
  const rows = syntheticMathRows(count);
  const pool = createMathPool({ workers: 2, timeoutMs: 5000 });
  try {
    // warm both workers (Compute Engine start-up) outside the timed runs
    await Promise.all(
      ENGINE_ONLY.map((pair) => pool.verify({ answer: pair.gold }, `\\boxed{${pair.right}}`)),
    );

    const started = process.hrtime.bigint();
    const verdicts = await runConcurrent(pool, rows, 16);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;

    const latencies: { ms: number; symbolic: boolean }[] = [];
    for (const row of rows) {
      const begin = performance.now();
      const verdict = await pool.verify({ answer: row.gold }, row.response);
      latencies.push({ ms: performance.now() - begin, symbolic: verdict.details.path === 'symbolic' });
    }
    const all = latencies.map((entry) => entry.ms).sort((a, b) => a - b);
    const fast = latencies
      .filter((entry) => !entry.symbolic)
      .map((entry) => entry.ms)
      .sort((a, b) => a - b);
    const symbolic = latencies
      .filter((entry) => entry.symbolic)
      .map((entry) => entry.ms)
      .sort((a, b) => a - b);
    const agreeing = verdicts.filter(
      (verdict, index) => verdict.correct === rows[index].expectedCorrect,
    ).length;
    const timeouts = verdicts.filter((verdict) => verdict.status === 'timeout').length;
    const rate = rows.length / seconds;
    const figures = [
      figure('all rows, 2 workers, 16 in flight', 'rows_per_second', rate, 'rows/s'),
      figure('all rows, 2 workers, 16 in flight', 'ratio_to_target', rate / 500, 'x 500 rows/s'),
      figure('all rows, one at a time', 'latency_p50', percentile(all, 0.5), 'ms'),
      figure('all rows, one at a time', 'latency_p99', percentile(all, 0.99), 'ms'),
      figure('non-symbolic rows (main thread)', 'latency_p50', percentile(fast, 0.5), 'ms'),
      figure('non-symbolic rows (main thread)', 'latency_p99', percentile(fast, 0.99), 'ms'),
      figure(
        'non-symbolic rows (main thread)',
        'p99_ratio_to_target',
        percentile(fast, 0.99) / 50,
        'x 50 ms',
      ),
      figure('Compute Engine rows (worker)', 'latency_p50', percentile(symbolic, 0.5), 'ms'),
      figure('Compute Engine rows (worker)', 'latency_p99', percentile(symbolic, 0.99), 'ms'),
      figure('all rows', 'share_compute_engine', symbolic.length / rows.length, 'fraction'),
      figure('all rows', 'label_agreement', agreeing / rows.length, 'fraction'),
      figure('all rows', 'timeouts', timeouts, 'rows'),
    ];
    if (args.includes('--json')) {
      for (const entry of figures) console.log(JSON.stringify(entry));
      return;
    }
    console.log(`Math verifier: ${rows.length} rows, 2-worker pool`);
    console.log(`${'case'.padEnd(38)}${'metric'.padEnd(23)}value`);
    for (const entry of figures) {
      const digits = entry.value < 100 ? 3 : 0;
      console.log(
        `${entry.case.padEnd(38)}${entry.metric.padEnd(23)}${entry.value.toFixed(digits)} ${entry.unit}`,
      );
    }
    console.log(
      `targets: >= 500 rows/s ${rate >= 500 ? 'met' : 'NOT met'}; non-symbolic p99 < 50 ms ${percentile(fast, 0.99) < 50 ? 'met' : 'NOT met'}`,
    );
  } finally {
    await pool.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
