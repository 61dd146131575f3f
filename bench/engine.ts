/**
 * End-to-end benchmark of the embedded engine, per kernels backend, side by side with PyTorch:
 * - training tokens/s: one step (forward + backward + AdamW) on batch 8 × 128 with signed per-token
 *   weights, median over steps after warm-up;
 * - sampling tokens/s with the KV cache: batch 1 (one prompt) and batch 64 (8 prompts × n 8), 16-token
 *   prompts, 128 new tokens, temperature 1, no stop tokens; time includes prefill and sampling;
 * - the same training step in PyTorch (bench/torch_reference.py, 1 torch thread, OPENBLAS_NUM_THREADS=2),
 *   run right before each engine backend (the ratio pairs the two; the torch row pools all its runs)
 *   when a python with torch is found ($PYTHON, $CASCADE_PYTHON, /usr/bin/python3, python3 on PATH);
 *   ratio = torch step time / engine step time (> 1: engine faster).
 *
 *   node --import tsx bench/engine.ts [--json] [--quick] [--backends reference,wasm,native]
 *                                     [--models small,medium] [--threads 2]
 *
 * Models (Qwen3, head_dim 64, rope θ 1e4, tied embeddings): `small` = 4 layers, d 256, 4 query / 2 kv
 * heads, SwiGLU 768, vocab 512 (3.28M parameters, engine-study.md's model); `medium` = 6 layers, d 512,
 * 8 query / 4 kv heads, SwiGLU 1536, vocab 512 (19.1M). The reference backend only runs `tiny`
 * (2 layers, d 64), a smoke case: it is ~50× slower.
 * With --json, one object per line per figure: {bench, case, backend, metric, value, unit, baseline?, ratio?}.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Rng } from '../src/core/rng.ts';
import type { Qwen3ConfigInput } from '../src/engine/embedded/config.ts';
import { createEmbeddedEngine } from '../src/engine/embedded/engine.ts';
import type { KernelsChoice } from '../src/engine/embedded/kernels/backend.ts';
import { loadKernels } from '../src/engine/embedded/kernels/select.ts';

interface Figure {
  bench: 'engine';
  case: string;
  backend: string;
  metric: string;
  value: number;
  unit: string;
  baseline?: string;
  ratio?: number;
}

interface ModelCase {
  name: string;
  layers: number;
  hidden: number;
  heads: number;
  kvHeads: number;
  ffn: number;
  vocab: number;
  /** Training batch: sequences × tokens. */
  batch: number;
  seq: number;
}

const headDim = 64;
const models: Record<string, ModelCase> = {
  tiny: {
    name: 'tiny',
    layers: 2,
    hidden: 64,
    heads: 2,
    kvHeads: 1,
    ffn: 192,
    vocab: 512,
    batch: 2,
    seq: 32,
  },
  small: {
    name: 'small',
    layers: 4,
    hidden: 256,
    heads: 4,
    kvHeads: 2,
    ffn: 768,
    vocab: 512,
    batch: 8,
    seq: 128,
  },
  medium: {
    name: 'medium',
    layers: 6,
    hidden: 512,
    heads: 8,
    kvHeads: 4,
    ffn: 1536,
    vocab: 512,
    batch: 8,
    seq: 128,
  },
};

interface Options {
  json: boolean;
  quick: boolean;
  backends: KernelsChoice[];
  models: string[];
  threads: number;
}

function parseOptions(argv: string[]): Options {
  const value = (flag: string) => {
    const at = argv.indexOf(flag);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const list = (flag: string, fallback: string) => (value(flag) ?? fallback).split(',').filter(Boolean);
  const backends = list('--backends', 'reference,wasm,native');
  for (const b of backends)
    if (!['reference', 'wasm', 'native'].includes(b)) throw new Error(`--backends: unknown backend ${b}`);
  const names = list('--models', 'small,medium');
  for (const m of names) if (!models[m]) throw new Error(`--models: unknown model ${m}`);
  return {
    json: argv.includes('--json'),
    quick: argv.includes('--quick'),
    backends: backends as KernelsChoice[],
    models: names,
    threads: Number(value('--threads') ?? Math.min(2, availableParallelism())),
  };
}

function configOf(m: ModelCase): Qwen3ConfigInput {
  return {
    vocab_size: m.vocab,
    hidden_size: m.hidden,
    intermediate_size: m.ffn,
    num_hidden_layers: m.layers,
    num_attention_heads: m.heads,
    num_key_value_heads: m.kvHeads,
    head_dim: headDim,
    rope_theta: 10_000,
    tie_word_embeddings: true,
    max_position_embeddings: 512,
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** How many repetitions each figure gets, by model size and --quick. */
function plan(m: ModelCase, quick: boolean) {
  const big = m.hidden >= 512;
  if (quick) return { warmup: 1, steps: 2, sampleRuns: 1, newTokens: 128 };
  return big
    ? { warmup: 1, steps: 3, sampleRuns: 1, newTokens: 128 }
    : { warmup: 2, steps: 6, sampleRuns: 3, newTokens: 128 };
}

interface EngineResult {
  params: number;
  stepMs: number;
  sample1: number;
  sample64: number;
}

async function benchEngine(m: ModelCase, choice: KernelsChoice, options: Options): Promise<EngineResult> {
  const kernels = await loadKernels(choice, { threads: options.threads });
  try {
    const engine = await createEmbeddedEngine({
      config: configOf(m),
      kernels,
      optimizer: { weightDecay: 0.01 },
      seed: 0,
    });
    const params = engine.parameterNames().reduce((sum, name) => sum + engine.parameter(name).length, 0);
    const p =
      choice === 'reference' ? { warmup: 1, steps: 2, sampleRuns: 1, newTokens: 16 } : plan(m, options.quick);
    const rng = new Rng(1);
    const sequences = Array.from({ length: m.batch }, () =>
      Array.from({ length: m.seq }, () => rng.int(m.vocab)),
    );
    const weights = sequences.map((s) => Float32Array.from(s, (_, t) => (t === 0 ? 0 : rng.normal())));
    const times: number[] = [];
    for (let i = 0; i < p.warmup + p.steps; i++) {
      const start = performance.now();
      await engine.step({ sequences, weights, normalizer: m.batch * m.seq, learningRate: 1e-3 });
      if (i >= p.warmup) times.push(performance.now() - start);
    }
    const sampleRate = async (prompts: number, n: number) => {
      const batch = Array.from({ length: prompts }, () => Array.from({ length: 16 }, () => rng.int(m.vocab)));
      const run = async (newTokens: number) => {
        const start = performance.now();
        const out = await engine.sample(batch, {
          n,
          maxNewTokens: newTokens,
          temperature: 1,
          topP: 1,
          stopTokenIds: [],
          seed: 7,
        });
        const generated = out.reduce((sum, c) => sum + c.tokens.length, 0);
        return generated / ((performance.now() - start) / 1000);
      };
      await run(8); // warm-up: compiles the decode path and sizes the KV cache workspace
      const rates: number[] = [];
      for (let i = 0; i < p.sampleRuns; i++) rates.push(await run(p.newTokens));
      return median(rates);
    };
    const sample1 = await sampleRate(1, 1);
    const sample64 = await sampleRate(8, 8);
    await engine.close();
    return { params, stepMs: median(times), sample1, sample64 };
  } finally {
    await kernels.dispose();
  }
}

interface TorchResult {
  params: number;
  stepMs: number;
  /** Every timed step, so runs can be pooled. */
  stepsMs: number[];
  torch: string;
}

/**
 * A python that imports torch: $PYTHON, then $CASCADE_PYTHON, then Debian's /usr/bin/python3 (where
 * python3-torch installs), then python3 on PATH (often a pyenv or venv python without torch).
 */
function findPython(): string | undefined {
  const candidates = [process.env.PYTHON, process.env.CASCADE_PYTHON, '/usr/bin/python3', 'python3'].filter(
    (c): c is string => Boolean(c),
  );
  return candidates.find(
    (python) => spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0,
  );
}

function benchTorch(python: string, m: ModelCase, quick: boolean): TorchResult | { error: string } {
  const script = fileURLToPath(new URL('./torch_reference.py', import.meta.url));
  const p = plan(m, quick);
  const args = [
    script,
    ...['--layers', m.layers, '--hidden', m.hidden, '--heads', m.heads, '--kv-heads', m.kvHeads],
    ...['--head-dim', headDim, '--ffn', m.ffn, '--vocab', m.vocab, '--batch', m.batch, '--seq', m.seq],
    ...['--steps', p.steps, '--warmup', p.warmup, '--threads', 1],
  ].map(String);
  const run = spawnSync(python, args, {
    encoding: 'utf8',
    env: { ...process.env, OPENBLAS_NUM_THREADS: '2', OMP_NUM_THREADS: '1' },
  });
  if (run.status !== 0)
    return { error: `${python} exited ${run.status}: ${run.stderr.trim().split('\n').pop()}` };
  const out = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as {
    params: number;
    step_ms: number;
    steps_ms: number[];
    torch: string;
  };
  return { params: out.params, stepMs: out.step_ms, stepsMs: out.steps_ms, torch: out.torch };
}

function caseName(m: ModelCase, params: number): string {
  return `${m.name}-${(params / 1e6).toFixed(2)}M`;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const figures: Figure[] = [];
  const emit = (f: Omit<Figure, 'bench'>) => {
    const figure: Figure = { bench: 'engine', ...f };
    figures.push(figure);
    if (options.json) console.log(JSON.stringify(figure));
  };
  const note = (line: string) => {
    if (!options.json) console.log(line);
    else console.error(line);
  };
  const python = findPython();
  note(
    `threads ${options.threads}; torch: ${python ? `${python}, 1 torch thread, OPENBLAS_NUM_THREADS=2` : 'not available (no python with torch: set PYTHON)'}`,
  );
  const work: Array<[ModelCase, KernelsChoice[]]> = [];
  if (options.backends.includes('reference')) work.push([models.tiny, ['reference']]);
  const fast = options.backends.filter((b) => b !== 'reference');
  if (fast.length > 0) for (const name of options.models) work.push([models[name], fast]);

  for (const [m, backends] of work) {
    // torch runs right before each backend, so a ratio compares two runs that are close in time (the
    // machine's load drifts); the torch figures pool every run's steps
    const torchSteps: number[] = [];
    let torchParams = 0;
    for (const choice of backends) {
      const torch = python ? benchTorch(python, m, options.quick) : undefined;
      if (torch && 'error' in torch) note(`torch failed on ${m.name}: ${torch.error}`);
      const torchOk = torch && !('error' in torch) ? torch : undefined;
      if (torchOk) {
        torchSteps.push(...torchOk.stepsMs);
        torchParams = torchOk.params;
      }
      let result: EngineResult;
      try {
        result = await benchEngine(m, choice, options);
      } catch (error) {
        note(`${m.name} ${choice}: unavailable (${(error as Error).message.split('\n')[0]})`);
        continue;
      }
      const name = caseName(m, result.params);
      const tokens = m.batch * m.seq;
      if (torchOk && torchOk.params !== result.params)
        note(`WARNING ${name}: torch has ${torchOk.params} parameters, the engine ${result.params}`);
      const vsTorch = torchOk
        ? { baseline: `torch ${torchOk.torch}`, ratio: torchOk.stepMs / result.stepMs }
        : {};
      emit({
        case: name,
        backend: choice,
        metric: 'train-step-ms',
        value: result.stepMs,
        unit: 'ms',
        ...vsTorch,
      });
      emit({
        case: name,
        backend: choice,
        metric: 'train-tokens-per-s',
        value: (tokens / result.stepMs) * 1000,
        unit: 'tok/s',
        ...vsTorch,
      });
      emit({
        case: name,
        backend: choice,
        metric: 'sample-b1-tokens-per-s',
        value: result.sample1,
        unit: 'tok/s',
      });
      emit({
        case: name,
        backend: choice,
        metric: 'sample-b64-tokens-per-s',
        value: result.sample64,
        unit: 'tok/s',
      });
    }
    if (torchSteps.length > 0) {
      const name = caseName(m, torchParams);
      const stepMs = median(torchSteps);
      emit({ case: name, backend: 'torch', metric: 'train-step-ms', value: stepMs, unit: 'ms' });
      emit({
        case: name,
        backend: 'torch',
        metric: 'train-tokens-per-s',
        value: ((m.batch * m.seq) / stepMs) * 1000,
        unit: 'tok/s',
      });
    }
  }
  if (!options.json) printTable(figures);
}

function printTable(figures: Figure[]): void {
  const header = ['case', 'backend', 'metric', 'value', 'unit', 'vs torch'];
  const rows = figures.map((f) => [
    f.case,
    f.backend,
    f.metric,
    f.value >= 100 ? f.value.toFixed(0) : f.value.toFixed(1),
    f.unit,
    f.ratio === undefined ? '' : `${f.ratio.toFixed(2)}×`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 3 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

await main();
