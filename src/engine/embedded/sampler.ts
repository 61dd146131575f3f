/**
 * Batched generation with a preallocated KV cache. Each distinct prompt is prefilled once by the
 * training forward (packed batch), its keys/values copied to its n completion rows, then all unfinished
 * rows decode together one token per step. The log-probability reported for a sampled token is under the
 * model's own distribution (log_softmax of the raw logits: no temperature, top-k or top-p), the number
 * teacher-forced `logprobs` gives for the same token. Rows draw from their own seeded streams, so a seed
 * fixes every token.
 */
import type { Completion, SampleOptions } from '../../core/engine.ts';
import { CascadeError } from '../../core/errors.ts';
import { Rng } from '../../core/rng.ts';
import { packSequences } from './batch.ts';
import type { Qwen3Model } from './model.ts';
import type { ElementwiseOps } from './ops/elementwise.ts';
import type { WasmElementwise } from './ops/wasm-elementwise.ts';
import { viewOf } from './params.ts';

/**
 * Memory for generation: a grow-only Float32Array (from the kernels' allocator, so sgemm reads it in place)
 * carved per call into the KV cache and the decode buffers. It is reallocated only when a request needs
 * more than any before it.
 */
export class SamplerWorkspace {
  private arena: Float32Array = new Float32Array(0);

  constructor(
    private readonly allocate: (floats: number) => Float32Array = (floats) => new Float32Array(floats),
  ) {}

  /** Views of `sizes` floats each, 16-float aligned, zero-filled. */
  carve(sizes: number[]): Float32Array[] {
    const rounded = sizes.map((size) => Math.ceil(size / 16) * 16);
    const total = rounded.reduce((a, b) => a + b, 0);
    if (this.arena.length < total) this.arena = this.allocate(Math.ceil(total * 1.25));
    const views: Float32Array[] = [];
    let offset = 0;
    for (const [index, size] of sizes.entries()) {
      views.push(this.arena.subarray(offset, offset + size).fill(0));
      offset += rounded[index];
    }
    return views;
  }
}

/** Keys and values of every layer: (rows, capacity, KVD) each, preallocated for the whole generation. */
export class KVCache {
  constructor(
    readonly keys: Float32Array[],
    readonly values: Float32Array[],
    readonly capacity: number,
    readonly kvDim: number,
  ) {}

  offset(row: number, position: number): number {
    return (row * this.capacity + position) * this.kvDim;
  }
}

export interface SampleRequest extends Omit<SampleOptions, 'seed'> {
  seed: number;
}

/** The KV cache and the scratch of one decode step over up to `rows` rows; shapes (A, ·) with A ≤ rows. */
function carveGeneration(model: Qwen3Model, workspace: SamplerWorkspace, rows: number, capacity: number) {
  const { C, H, QD, KVD, F, V, L } = model.dims;
  const names = [
    'x',
    'ln',
    'rstd',
    'q',
    'k',
    'v',
    'attY',
    'gate',
    'up',
    'h',
    'sig',
    'logits',
    'tokenWeights',
    'stats',
    'attentionRows',
    'scores',
  ] as const;
  const sizes = [C, C, H, QD, KVD, KVD, QD, F, F, F, F, V, V, 4, 2].map((width) => rows * width);
  sizes.push(H * capacity); // scores: one row's query heads over its positions (≥ group·capacity for the gemm path)
  const cacheSize = rows * capacity * KVD;
  const views = workspace.carve([...sizes, ...Array.from({ length: 2 * L }, () => cacheSize)]);
  // right after the carve, while the memory's current buffer is the workspace's (see WasmElementwise.adopt)
  const ops = model.elementwiseFor(views[0]);
  const buffers = Object.fromEntries(names.map((name, i) => [name, views[i]])) as Record<
    (typeof names)[number],
    Float32Array
  >;
  const cache = new KVCache(
    views.slice(names.length, names.length + L),
    views.slice(names.length + L),
    capacity,
    KVD,
  );
  const attention = buffers.attentionRows;
  return {
    cache,
    buffers: {
      // x: residual stream; ln: normed input; rstd: per row (and head); logits: (A, V); scores: (H, ≤ capacity);
      // tokenWeights: (A, V) and stats: (A, 4), the WebAssembly sampling weights (see WasmElementwise.tokenWeights)
      ...buffers,
      // per active row: its first KV-cache float and its span, for the WebAssembly decode attention
      attentionRows: new Int32Array(attention.buffer, attention.byteOffset, attention.length),
      weights: new Float64Array(V), // pickToken scratch
      keys: new Float64Array(V), // candidate-sort scratch
      positions: new Int32Array(rows),
    },
    ops,
    // the WebAssembly kernels, when the workspace lives in their memory (head_dim a whole number of SIMD vectors)
    wasm: ops === model.wasm && model.dims.D % 4 === 0 ? model.wasm : undefined,
  };
}
type DecodeBuffers = ReturnType<typeof carveGeneration>['buffers'];

export function sampleCompletions(
  model: Qwen3Model,
  prompts: number[][],
  request: SampleRequest,
  workspace: SamplerWorkspace = new SamplerWorkspace(),
): Completion[] {
  const { n, maxNewTokens } = request;
  if (!Number.isInteger(n) || n < 1)
    throw new CascadeError('engine.sample', `n must be a positive integer, got ${n}`);
  const config = model.config;
  const maxPositions = config.max_position_embeddings;
  for (const [index, prompt] of prompts.entries())
    if (prompt.length >= maxPositions)
      throw new CascadeError(
        'engine.sample',
        `prompt of ${prompt.length} tokens leaves no room under ${maxPositions}`,
        {
          where: `prompts[${index}]`,
        },
      );
  const rows = prompts.length * n;
  const completions: Completion[] = [];
  for (let r = 0; r < rows; r++)
    completions.push({ promptIndex: Math.floor(r / n), tokens: [], logprobs: [], finishReason: 'length' });
  if (rows === 0 || maxNewTokens <= 0) return completions;

  const lengths = Int32Array.from({ length: rows }, (_, r) => prompts[Math.floor(r / n)].length);
  const longest = Math.max(...prompts.map((prompt) => prompt.length));
  const capacity = Math.min(maxPositions, longest + maxNewTokens);
  const { cache, buffers, ops, wasm } = carveGeneration(model, workspace, rows, capacity);
  const parent = new Rng(request.seed);
  const streams = Array.from({ length: rows }, (_, r) => parent.fork(r));
  const stop = new Set(request.stopTokenIds);

  prefill(model, prompts, n, cache, buffers);
  const V = model.dims.V;
  // the WebAssembly fast path computes every row's exponentials in one call; temperature 0 needs none
  const batchedWeights = wasm !== undefined && request.temperature > 0;
  let active = Int32Array.from({ length: rows }, (_, r) => r);
  for (;;) {
    // buffers.logits holds one row per active row; sample, then keep the rows that go on
    const next: number[] = [];
    const fed: number[] = [];
    if (batchedWeights)
      wasm.tokenWeights(
        buffers.logits,
        buffers.tokenWeights,
        buffers.stats,
        active.length,
        V,
        1 / request.temperature,
      );
    for (let a = 0; a < active.length; a++) {
      const r = active[a];
      const row = buffers.logits.subarray(a * V, (a + 1) * V);
      const { token, logprob } = batchedWeights
        ? drawToken(
            row,
            buffers.tokenWeights.subarray(a * V, (a + 1) * V),
            rowStats(buffers.stats, a),
            request,
            streams[r],
            buffers.keys,
          )
        : pickToken(row, request, streams[r], buffers.weights, buffers.keys);
      const completion = completions[r];
      completion.tokens.push(token);
      completion.logprobs.push(logprob);
      if (stop.has(token)) completion.finishReason = 'stop';
      // go on while prompt + completion stays within max_position_embeddings, so logprobs/step accept it
      else if (completion.tokens.length < maxNewTokens && lengths[r] + 2 <= maxPositions) {
        next.push(r);
        fed.push(token);
      }
    }
    if (next.length === 0) return completions;
    active = Int32Array.from(next);
    decodeStep(model, cache, buffers, active, Int32Array.from(fed), lengths, ops, wasm);
    for (const r of active) lengths[r]++;
  }
}

/** Runs each prompt once, fills its n rows of the cache, and leaves next-token logits per row in buffers.logits. */
function prefill(
  model: Qwen3Model,
  prompts: number[][],
  n: number,
  cache: KVCache,
  buffers: DecodeBuffers,
): void {
  const { C, V, KVD } = model.dims;
  const batch = packSequences(prompts, model.config.vocab_size, model.config.max_position_embeddings);
  const acts = model.forward(batch);
  for (let layer = 0; layer < model.dims.L; layer++) {
    const { k, v } = acts.layers[layer];
    prompts.forEach((prompt, p) => {
      const from = batch.starts[p] * KVD;
      const to = from + prompt.length * KVD;
      for (let j = 0; j < n; j++) {
        cache.keys[layer].set(k.subarray(from, to), cache.offset(p * n + j, 0));
        cache.values[layer].set(v.subarray(from, to), cache.offset(p * n + j, 0));
      }
    });
  }
  // last prompt position's final hidden state → one logits row per completion row
  prompts.forEach((prompt, p) => {
    const last = (batch.starts[p] + prompt.length - 1) * C;
    for (let j = 0; j < n; j++) buffers.ln.set(acts.lnf.subarray(last, last + C), (p * n + j) * C);
  });
  const rows = prompts.length * n;
  const head = viewOf(model.layout, model.params, model.layout.lmHeadName);
  model.kernels.sgemm(false, true, rows, V, C, 1, buffers.ln, C, head, C, 0, buffers.logits, V);
}

/** One token for each active row: row a feeds token fed[a] at position lengths[active[a]]; logits land in b.logits. */
function decodeStep(
  model: Qwen3Model,
  cache: KVCache,
  b: DecodeBuffers,
  active: Int32Array,
  fed: Int32Array,
  lengths: Int32Array,
  ops: ElementwiseOps,
  wasm: WasmElementwise | undefined,
): void {
  const { C, H, KVH, D, QD, KVD, F, V, L, eps } = model.dims;
  const A = active.length;
  const w = model.weights;
  const gemm = model.kernels.sgemm.bind(model.kernels);
  const rope = model.ropeFor(cache.capacity);
  for (let a = 0; a < A; a++) {
    b.positions[a] = lengths[active[a]]; // the fed token's index in its sequence
    b.x.set(w.embed.subarray(fed[a] * C, (fed[a] + 1) * C), a * C);
  }
  const positions = b.positions.subarray(0, A);
  const scale = 1 / Math.sqrt(D);
  for (let layer = 0; layer < L; layer++) {
    const lw = w.layers[layer];
    const keys = cache.keys[layer];
    const values = cache.values[layer];
    ops.rmsnormForward(b.ln, b.rstd, b.x, lw.ln1, A, C, eps);
    gemm(false, true, A, QD, C, 1, b.ln, C, lw.wq, C, 0, b.q, QD);
    gemm(false, true, A, KVD, C, 1, b.ln, C, lw.wk, C, 0, b.k, KVD);
    gemm(false, true, A, KVD, C, 1, b.ln, C, lw.wv, C, 0, b.v, KVD);
    ops.rmsnormForward(b.q, b.rstd, b.q, lw.qNorm, A * H, D, eps); // in place: each row is read before written
    ops.rmsnormForward(b.k, b.rstd, b.k, lw.kNorm, A * KVH, D, eps);
    ops.ropeForward(b.q, positions, A, H, D, rope);
    ops.ropeForward(b.k, positions, A, KVH, D, rope);
    for (let a = 0; a < A; a++) {
      const at = cache.offset(active[a], positions[a]);
      keys.set(b.k.subarray(a * KVD, (a + 1) * KVD), at);
      values.set(b.v.subarray(a * KVD, (a + 1) * KVD), at);
    }
    if (wasm) {
      for (let a = 0; a < A; a++) {
        b.attentionRows[2 * a] = cache.offset(active[a], 0);
        b.attentionRows[2 * a + 1] = positions[a] + 1;
      }
      if (model.kernels.decodeAttention)
        model.kernels.decodeAttention(b.q, b.attY, keys, values, b.attentionRows, A, H, KVH, D, scale);
      else wasm.decodeAttention(b.q, b.attY, keys, values, b.attentionRows, A, H, KVH, D, scale, b.scores);
    } else {
      gemmDecodeAttention(model, b, keys, values, cache, active, positions);
    }
    gemm(false, true, A, C, QD, 1, b.attY, QD, lw.wo, QD, 1, b.x, C);
    ops.rmsnormForward(b.ln, b.rstd, b.x, lw.ln2, A, C, eps);
    gemm(false, true, A, F, C, 1, b.ln, C, lw.wGate, C, 0, b.gate, F);
    gemm(false, true, A, F, C, 1, b.ln, C, lw.wUp, C, 0, b.up, F);
    ops.swigluForward(b.h, b.sig, b.gate, b.up, A * F);
    gemm(false, true, A, C, F, 1, b.h, F, lw.wDown, F, 1, b.x, C);
  }
  ops.rmsnormForward(b.ln, b.rstd, b.x, w.norm, A, C, eps);
  const head = viewOf(model.layout, model.params, model.layout.lmHeadName);
  gemm(false, true, A, V, C, 1, b.ln, C, head, C, 0, b.logits, V);
}

/**
 * Decode attention through sgemm, for backends without the WebAssembly kernels: per row and kv head, the
 * `group` query heads sharing it are one (group, D) block, so scores = Q·Kᵀ/√D · (group, pos+1) and
 * Y = softmax(scores)·V · (group, D) are two small GEMMs on the cache.
 */
function gemmDecodeAttention(
  model: Qwen3Model,
  b: DecodeBuffers,
  keys: Float32Array,
  values: Float32Array,
  cache: KVCache,
  active: Int32Array,
  positions: Int32Array,
): void {
  const { H, KVH, D, QD, KVD } = model.dims;
  const group = H / KVH;
  const scale = 1 / Math.sqrt(D);
  const gemm = model.kernels.sgemm.bind(model.kernels);
  for (let a = 0; a < active.length; a++) {
    const span = positions[a] + 1;
    const rowBase = cache.offset(active[a], 0);
    for (let g = 0; g < KVH; g++) {
      const head = a * QD + g * group * D;
      const kv = rowBase + g * D;
      gemm(
        false,
        true,
        group,
        span,
        D,
        scale,
        b.q.subarray(head),
        D,
        keys.subarray(kv),
        KVD,
        0,
        b.scores,
        span,
      );
      softmaxRows(b.scores, group, span);
      gemm(
        false,
        false,
        group,
        D,
        span,
        1,
        b.scores,
        span,
        values.subarray(kv),
        KVD,
        0,
        b.attY.subarray(head),
        D,
      );
    }
  }
}

// rows of x: (rows, cols), softmax in place
function softmaxRows(x: Float32Array, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const row = r * cols;
    let max = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < cols; j++) if (x[row + j] > max) max = x[row + j];
    let sum = 0;
    for (let j = 0; j < cols; j++) {
      const e = Math.exp(x[row + j] - max);
      x[row + j] = e;
      sum += e;
    }
    const inv = 1 / sum;
    for (let j = 0; j < cols; j++) x[row + j] *= inv;
  }
}

/** A logits row's summary: its max and argmax, Σ e^(l − max) (untempered) and Σ of the sampling weights. */
export interface RowStats {
  max: number;
  argmax: number;
  sumExp: number;
  total: number;
}

function rowStats(stats: Float32Array, a: number): RowStats {
  return { max: stats[4 * a], argmax: stats[4 * a + 1], sumExp: stats[4 * a + 2], total: stats[4 * a + 3] };
}

/**
 * Draws one token from a logits row: temperature, then top-k, then top-p (the smallest set of most
 * likely tokens whose mass reaches topP), as transformers' warpers apply them. Temperature 0 is greedy.
 * Returns the token and its log-probability under the untempered, unfiltered distribution.
 */
export function pickToken(
  logits: Float32Array,
  options: Pick<SampleOptions, 'temperature' | 'topP' | 'topK'>,
  rng: Rng,
  scratch: Float64Array = new Float64Array(logits.length),
  keys?: Float64Array,
): { token: number; logprob: number } {
  const V = logits.length;
  let max = Number.NEGATIVE_INFINITY;
  let argmax = 0;
  for (let v = 0; v < V; v++)
    if (logits[v] > max) {
      max = logits[v];
      argmax = v;
    }
  // scratch[v] = e^(l_v − max): the untempered weights, reused as the sampling weights when T = 1
  let sumExp = 0;
  for (let v = 0; v < V; v++) {
    const e = Math.exp(logits[v] - max);
    scratch[v] = e;
    sumExp += e;
  }
  let total = sumExp;
  if (options.temperature > 0 && options.temperature !== 1) {
    const invT = 1 / options.temperature;
    total = 0;
    for (let v = 0; v < V; v++) {
      scratch[v] = Math.exp((logits[v] - max) * invT);
      total += scratch[v];
    }
  }
  return drawToken(logits, scratch, { max, argmax, sumExp, total }, options, rng, keys);
}

/**
 * pickToken's draw, given the row's sampling weights (e^((l − max)/T)) and stats already computed (by
 * pickToken, or for a whole batch by the WebAssembly kernel). `keys` is optional scratch of V floats.
 */
export function drawToken(
  logits: Float32Array,
  weights: Float32Array | Float64Array,
  stats: RowStats,
  options: Pick<SampleOptions, 'temperature' | 'topP' | 'topK'>,
  rng: Rng,
  keys?: Float64Array,
): { token: number; logprob: number } {
  const V = logits.length;
  const logZ = stats.max + Math.log(stats.sumExp);
  const result = (token: number) => ({ token, logprob: logits[token] - logZ });
  const topK = options.topK && options.topK > 0 && options.topK < V ? options.topK : V;
  if (options.temperature <= 0 || topK === 1) return result(stats.argmax);
  const topP = options.topP > 0 && options.topP < 1 ? options.topP : 1;
  if (topK === V && topP === 1) {
    // no filter: inverse-CDF sampling over the whole vocabulary
    let u = rng.next() * stats.total;
    for (let v = 0; v < V; v++) {
      u -= weights[v];
      if (u < 0) return result(v);
    }
    return result(stats.argmax);
  }
  const candidates = topK <= 64 ? topKIndices(logits, topK) : sortedIndices(logits, topK, keys);
  let total = 0;
  for (const v of candidates) total += weights[v];
  let kept = candidates.length;
  if (topP < 1) {
    let mass = 0;
    for (let i = 0; i < candidates.length; i++) {
      mass += weights[candidates[i]];
      if (mass >= topP * total) {
        kept = i + 1;
        break;
      }
    }
  }
  let keptTotal = 0;
  for (let i = 0; i < kept; i++) keptTotal += weights[candidates[i]];
  let u = rng.next() * keptTotal;
  for (let i = 0; i < kept; i++) {
    u -= weights[candidates[i]];
    if (u < 0) return result(candidates[i]);
  }
  return result(candidates[0]);
}

// sort keys: (order-preserving uint32 of the float32 logit) · 2^21 + (2^21 − 1 − id), exact in a float64,
// so one native numeric sort orders by logit, ties by lower id first, for vocabularies up to 2^21
const ID_BITS = 2 ** 21;

/** The `count` most likely token ids, most likely first; ties keep the lower id first (deterministic). */
function sortedIndices(logits: Float32Array, count: number, scratch?: Float64Array): Int32Array {
  const V = logits.length;
  if (V > ID_BITS) {
    const all = Array.from({ length: V }, (_, i) => i).sort((a, b) => logits[b] - logits[a] || a - b);
    return Int32Array.from(all.slice(0, count));
  }
  const bits = new Uint32Array(logits.buffer, logits.byteOffset, V);
  const keys = scratch && scratch.length >= V ? scratch.subarray(0, V) : new Float64Array(V);
  for (let v = 0; v < V; v++) {
    const b = bits[v];
    const ordered = b & 0x80000000 ? ~b >>> 0 : (b | 0x80000000) >>> 0;
    keys[v] = ordered * ID_BITS + (ID_BITS - 1 - v);
  }
  keys.sort();
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) out[i] = ID_BITS - 1 - (keys[V - 1 - i] % ID_BITS);
  return out;
}

/** The k most likely token ids, most likely first, by insertion into a short sorted list. */
function topKIndices(logits: Float32Array, k: number): number[] {
  const best: number[] = [];
  for (let v = 0; v < logits.length; v++) {
    if (best.length === k && logits[v] <= logits[best[k - 1]]) continue;
    let i = best.length === k ? k - 1 : best.length;
    if (best.length === k) best.pop();
    while (i > 0 && logits[best[i - 1]] < logits[v]) i--;
    best.splice(i, 0, v);
  }
  return best;
}
