/**
 * SGEMM benchmark of the embedded engine's kernels backends on the products of one training step
 * of the 3.3M-parameter study model (engine-study.md): batch 8 × 128 tokens = 1024 rows, d 256,
 * 4 query / 2 KV heads of 64, SwiGLU ffn 768, vocab 512, 4 layers. Linear layers are Y = X·Wᵀ with W
 * stored [out, in]: forward NT, input gradient NN, weight gradient TN (beta 1, accumulating).
 * Attention runs per (batch, head) on strided views. Every backend is timed in the same process;
 * ratios are against the reference (plain TypeScript) backend measured in this run.
 *
 *   node --import tsx bench/kernels.ts [--json] [--backends reference,wasm-1t,wasm-2t,native-1t,native-2t]
 *                                      [--min-ms 150] [--rounds 3]
 *
 * Figures: GFLOP/s per product (2·M·N·K / time), and `step-gemm-ms`, the GEMM time of a whole step
 * (Σ calls × time per call). `ratio` is value / the baseline backend's value for the same figure.
 */
import { availableParallelism } from 'node:os';
import type { KernelsBackend } from '../src/engine/embedded/kernels/backend.ts';
import { loadNativeKernels } from '../src/engine/embedded/kernels/native.ts';
import { loadKernels } from '../src/engine/embedded/kernels/select.ts';
import { createWasmKernels } from '../src/engine/embedded/kernels/wasm.ts';

interface Figure {
  bench: 'kernels';
  case: string;
  backend: string;
  metric: 'gflops' | 'step-gemm-ms';
  value: number;
  unit: 'GFLOP/s' | 'ms';
  baseline?: string;
  ratio?: number;
}

/** One product of the step; lda/ldb/ldc default to the packed widths. */
interface GemmCase {
  name: string;
  transA: boolean;
  transB: boolean;
  M: number;
  N: number;
  K: number;
  beta: number;
  /** Calls per training step. */
  perStep: number;
  lda?: number;
  ldb?: number;
  ldc?: number;
}

const rows = 8 * 128;
const layers = 4;
const T = 128;
const headDim = 64;
const attentionCalls = 8 * 4 * layers; // per (batch, query head, layer)

/** Forward, input-gradient and weight-gradient products of a linear layer in → out. */
function linear(name: string, inFeatures: number, outFeatures: number, perStep: number): GemmCase[] {
  return [
    {
      name: `${name} fwd`,
      transA: false,
      transB: true,
      M: rows,
      N: outFeatures,
      K: inFeatures,
      beta: 0,
      perStep,
    },
    {
      name: `${name} dX`,
      transA: false,
      transB: false,
      M: rows,
      N: inFeatures,
      K: outFeatures,
      beta: 0,
      perStep,
    },
    {
      name: `${name} dW`,
      transA: true,
      transB: false,
      M: outFeatures,
      N: inFeatures,
      K: rows,
      beta: 1,
      perStep,
    },
  ];
}

const stepCases: GemmCase[] = [
  ...linear('q,o 256→256', 256, 256, 2 * layers),
  ...linear('k,v 256→128', 256, 128, 2 * layers),
  ...linear('gate,up 256→768', 256, 768, 2 * layers),
  ...linear('down 768→256', 768, 256, layers),
  ...linear('lm-head 256→512', 256, 512, 1),
  // Q [T, 4·64] and K, V [T, 2·64] rows of one sequence; scores S [T, T].
  {
    name: 'attn S=QKᵀ',
    transA: false,
    transB: true,
    M: T,
    N: T,
    K: headDim,
    beta: 0,
    perStep: attentionCalls,
    lda: 256,
    ldb: 128,
  },
  {
    name: 'attn O=PV',
    transA: false,
    transB: false,
    M: T,
    N: headDim,
    K: T,
    beta: 0,
    perStep: attentionCalls,
    ldb: 128,
    ldc: 256,
  },
  {
    name: 'attn dP=dOVᵀ',
    transA: false,
    transB: true,
    M: T,
    N: T,
    K: headDim,
    beta: 0,
    perStep: attentionCalls,
    lda: 256,
    ldb: 128,
  },
  {
    name: 'attn dV=PᵀdO',
    transA: true,
    transB: false,
    M: T,
    N: headDim,
    K: T,
    beta: 1,
    perStep: attentionCalls,
    ldb: 256,
    ldc: 128,
  },
  {
    name: 'attn dQ=dSK',
    transA: false,
    transB: false,
    M: T,
    N: headDim,
    K: T,
    beta: 0,
    perStep: attentionCalls,
    ldb: 128,
    ldc: 256,
  },
  {
    name: 'attn dK=dSᵀQ',
    transA: true,
    transB: false,
    M: T,
    N: headDim,
    K: T,
    beta: 1,
    perStep: attentionCalls,
    ldb: 256,
    ldc: 128,
  },
];

const caseLabel = (c: GemmCase) =>
  `${c.name} ${c.transA ? 'T' : 'N'}${c.transB ? 'T' : 'N'} ${c.M}×${c.N}×${c.K}`;

const argv = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const inline = argv.find((a) => a.startsWith(`--${name}=`));
  if (inline) return inline.slice(name.length + 3);
  const at = argv.indexOf(`--${name}`);
  return at >= 0 ? argv[at + 1] : fallback;
};
const json = argv.includes('--json');
const cores = availableParallelism();
const backendNames = option('backends', `reference,wasm-1t,wasm-${cores}t,native-1t,native-${cores}t`).split(
  ',',
);
const minMs = Number(option('min-ms', '150'));
const rounds = Number(option('rounds', '3'));

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

async function openBackend(name: string): Promise<KernelsBackend | string> {
  const [kind, threadsText] = name.split('-');
  const threads = Number.parseInt(threadsText ?? '1', 10);
  if (kind === 'reference') return loadKernels('reference');
  if (kind === 'wasm') return createWasmKernels({ threads });
  if (kind === 'native') {
    const load = loadNativeKernels({ threads });
    return load.ok ? load.backend : `skipped: ${load.reason}`;
  }
  return `unknown backend "${name}" (reference, wasm-Nt, native-Nt)`;
}

/** Median over rounds of the mean ms per call, each round repeating for at least `minMs`. */
function timeCase(kernels: KernelsBackend, c: GemmCase): number {
  const lda = c.lda ?? (c.transA ? c.M : c.K);
  const ldb = c.ldb ?? (c.transB ? c.K : c.N);
  const ldc = c.ldc ?? c.N;
  const A = kernels.allocate((c.transA ? c.K - 1 : c.M - 1) * lda + (c.transA ? c.M : c.K));
  const B = kernels.allocate((c.transB ? c.N - 1 : c.K - 1) * ldb + (c.transB ? c.K : c.N));
  const C = kernels.allocate((c.M - 1) * ldc + c.N);
  for (let i = 0; i < A.length; i++) A[i] = Math.sin(i) * 0.1;
  for (let i = 0; i < B.length; i++) B[i] = Math.cos(i) * 0.1;
  const call = () => kernels.sgemm(c.transA, c.transB, c.M, c.N, c.K, 1, A, lda, B, ldb, c.beta, C, ldc);
  call();
  const perRound: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let calls = 0;
    const start = performance.now();
    let elapsed = 0;
    do {
      call();
      calls++;
      elapsed = performance.now() - start;
    } while (elapsed < minMs);
    perRound.push(elapsed / calls);
  }
  return median(perRound);
}

const msPerCall = new Map<string, number[]>();
const skipped: string[] = [];
for (const name of backendNames) {
  const backend = await openBackend(name);
  if (typeof backend === 'string') {
    skipped.push(`${name}: ${backend}`);
    continue;
  }
  msPerCall.set(
    name,
    stepCases.map((c) => timeCase(backend, c)),
  );
  await backend.dispose();
  if (!json) process.stderr.write(`measured ${name}\n`);
}

const baseline = msPerCall.has('reference') ? 'reference' : undefined;
const figures: Figure[] = [];
for (const [backend, times] of msPerCall) {
  const withBaseline = (value: number, baseValue: number | undefined) =>
    baseline && backend !== baseline && baseValue !== undefined ? { baseline, ratio: value / baseValue } : {};
  const baseTimes = baseline ? msPerCall.get(baseline) : undefined;
  stepCases.forEach((c, i) => {
    const gflops = (2 * c.M * c.N * c.K) / (times[i] * 1e6);
    const baseGflops = baseTimes ? (2 * c.M * c.N * c.K) / (baseTimes[i] * 1e6) : undefined;
    figures.push({
      bench: 'kernels',
      case: caseLabel(c),
      backend,
      metric: 'gflops',
      value: gflops,
      unit: 'GFLOP/s',
      ...withBaseline(gflops, baseGflops),
    });
  });
  const stepMs = times.reduce((sum, t, i) => sum + t * stepCases[i].perStep, 0);
  const baseStep = baseTimes?.reduce((sum, t, i) => sum + t * stepCases[i].perStep, 0);
  figures.push({
    bench: 'kernels',
    case: 'training step, all GEMMs',
    backend,
    metric: 'step-gemm-ms',
    value: stepMs,
    unit: 'ms',
    ...withBaseline(stepMs, baseStep),
  });
}

if (json) {
  for (const figure of figures) console.log(JSON.stringify(figure));
} else {
  const backends = [...msPerCall.keys()];
  const cell = (f: Figure | undefined) =>
    f ? `${f.value.toFixed(1)}${f.ratio !== undefined ? ` (${f.ratio.toPrecision(2)}×)` : ''}` : '–';
  const labels = [...stepCases.map(caseLabel), 'training step, all GEMMs'];
  const width = Math.max(...labels.map((l) => l.length));
  console.log(
    `SGEMM GFLOP/s (last row: GEMM ms per training step); (×) = ratio to ${baseline ?? 'nothing'}; ${cores} cores`,
  );
  console.log([''.padEnd(width), ...backends.map((b) => b.padStart(18))].join(' '));
  for (const label of labels) {
    const row = backends.map((b) =>
      cell(figures.find((f) => f.backend === b && f.case === label)).padStart(18),
    );
    console.log([label.padEnd(width), ...row].join(' '));
  }
  for (const line of skipped) console.log(line);
}
