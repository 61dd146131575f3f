/**
 * The WebAssembly SIMD elementwise kernels (wasm/ops.c, built into the committed wasm/ops.wasm)
 * instantiated on the kernels backend's shared memory, so they work in place on the engine's arenas.
 * Only arrays whose buffer was adopted may be passed: `adopt` must run right after the allocation,
 * while `memory.buffer` is still the buffer the allocator carved from (a shared memory hands out a new
 * buffer object at each growth, and nothing else tells two memories' buffers apart).
 */
import { readFileSync } from 'node:fs';
import { CascadeError } from '../../../core/errors.ts';
import { type WasmMemory, webAssembly } from '../kernels/webassembly.ts';
import { type ElementwiseOps, jsElementwise } from './elementwise.ts';
import type { RopeTables } from './rope.ts';

export const opsWasmUrl = new URL('./wasm/ops.wasm', import.meta.url);

interface OpsExports {
  swiglu_fwd(h: number, sig: number, gate: number, up: number, n: number): void;
  swiglu_bwd(dgate: number, dup: number, dh: number, gate: number, up: number, sig: number, n: number): void;
  rmsnorm_fwd(out: number, rstd: number, x: number, w: number, N: number, C: number, eps: number): void;
  rmsnorm_bwd(
    dx: number,
    dw: number,
    dout: number,
    x: number,
    w: number,
    rstd: number,
    N: number,
    C: number,
  ): void;
  causal_softmax_fwd(probs: number, scores: number, L: number, ld: number): void;
  causal_softmax_bwd(dscores: number, dprobs: number, probs: number, L: number, ld: number): void;
  adamw(...args: number[]): void;
  sum_squares(x: number, n: number): number;
  scale(x: number, n: number, c: number): void;
  decode_attention(...args: number[]): void;
  rope(
    x: number,
    positions: number,
    N: number,
    heads: number,
    D: number,
    cos: number,
    sin: number,
    sign: number,
  ): void;
  token_weights(logits: number, weights: number, stats: number, A: number, V: number, invT: number): void;
  token_logprobs(
    parts: number,
    logits: number,
    dlogprobs: number,
    targets: number,
    R: number,
    V: number,
  ): void;
}

export interface WasmElementwise extends ElementwiseOps {
  /** Records `array`'s buffer as this memory's when it is the memory's current buffer; says whether it is now known. */
  adopt(array: ArrayBufferView): boolean;
  /** Whether `array` lies in this memory (its buffer was adopted). */
  owns(array: ArrayBufferView): boolean;
  /**
   * Decode attention for A rows over a (rows, capacity, KVH·D) KV cache. `rows` (in this memory) holds per
   * row its first cache float and its span; q, y: (A, H·D); scores: ≥ H · longest span floats
   * (all of a row's heads are scored before any is weighted, so each cached vector is read once).
   */
  decodeAttention(
    q: Float32Array,
    y: Float32Array,
    keys: Float32Array,
    values: Float32Array,
    rows: Int32Array,
    A: number,
    H: number,
    KVH: number,
    D: number,
    scale: number,
    scores: Float32Array,
  ): void;
  /**
   * Sampling weights of A logits rows (A, V): weights = e^((l − max)/T), and per row in stats (A, 4): max,
   * argmax (first of equals), Σ e^(l − max) (untempered) and Σ weights.
   */
  tokenWeights(
    logits: Float32Array,
    weights: Float32Array,
    stats: Float32Array,
    A: number,
    V: number,
    invT: number,
  ): void;
}

/**
 * The kernels on `memory`, or undefined when this runtime cannot compile them (no SIMD). `allocate`
 * (from the same memory) gives the few floats of scratch that tokenLogprobs stages its small arrays in.
 */
export function createWasmElementwise(
  memory: WasmMemory,
  allocate?: (floats: number) => Float32Array,
): WasmElementwise | undefined {
  const bytes = readFileSync(opsWasmUrl);
  if (!webAssembly.validate(bytes)) return undefined;
  const instance = new webAssembly.Instance(new webAssembly.Module(bytes), { env: { memory } });
  const k = instance.exports as unknown as OpsExports;
  const known = new WeakSet<ArrayBufferLike>();
  // byte address of an array in the memory; an array elsewhere would silently alias unrelated bytes
  const at = (array: ArrayBufferView): number => {
    if (!known.has(array.buffer))
      throw new CascadeError(
        'ops.wasm',
        'an operand is not in the kernels memory (adopt it after allocating)',
        {
          where: 'ops/wasm-elementwise',
        },
      );
    return array.byteOffset;
  };
  // scratch from the memory (adopted at once, while memory.buffer is still its buffer); undefined without `allocate`
  const inMemory = (floats: number): Float32Array | undefined => {
    const made = allocate?.(floats);
    if (!made || made.buffer !== memory.buffer) return undefined;
    known.add(made.buffer);
    return made;
  };
  let scratch: Float32Array | undefined;
  // 4 floats per row: 2 parts of the log-probability, dlogprob, target; grown on demand
  const rowScratch = (R: number): Float32Array | undefined => {
    if (!scratch || scratch.length < 4 * R) scratch = inMemory(4 * R);
    return scratch;
  };
  // RoPE's operands outside the memory: the tables, copied in once per table (the model replaces its
  // tables only to grow them, geometrically), and each call's positions, copied into a grow-only scratch
  const staged = new WeakMap<RopeTables, { cos: Float32Array; sin: Float32Array }>();
  const stageTables = (tables: RopeTables) => {
    let copy = staged.get(tables);
    if (!copy) {
      if (known.has(tables.cos.buffer) && known.has(tables.sin.buffer))
        copy = { cos: tables.cos, sin: tables.sin };
      else {
        const cos = inMemory(tables.cos.length);
        const sin = cos && inMemory(tables.sin.length);
        if (!cos || !sin) return undefined;
        cos.set(tables.cos);
        sin.set(tables.sin);
        copy = { cos, sin };
      }
      staged.set(tables, copy);
    }
    return copy;
  };
  let positionScratch: Int32Array | undefined;
  const stagePositions = (positions: Int32Array, N: number): Int32Array | undefined => {
    if (!positionScratch || positionScratch.length < N) {
      const made = inMemory(Math.max(Math.ceil(N * 1.25), 64));
      if (!made) return undefined;
      positionScratch = new Int32Array(made.buffer, made.byteOffset, made.length);
    }
    positionScratch.set(positions.subarray(0, N));
    return positionScratch;
  };
  // float64 pairs two at a time: an odd D/2 takes the TypeScript loop (same bits either way)
  const rope = (
    x: Float32Array,
    positions: Int32Array,
    N: number,
    heads: number,
    D: number,
    t: RopeTables,
    sign: number,
  ) => {
    const tables = D % 4 === 0 ? stageTables(t) : undefined;
    const rows = tables && stagePositions(positions, N);
    if (!tables || !rows) {
      if (sign > 0) jsElementwise.ropeForward(x, positions, N, heads, D, t);
      else jsElementwise.ropeBackward(x, positions, N, heads, D, t);
      return;
    }
    k.rope(at(x), rows.byteOffset, N, heads, D, at(tables.cos), at(tables.sin), sign);
  };
  // the C row loops step 4 floats at a time: other row widths take the TypeScript loops
  return {
    name: 'wasm',
    adopt(array) {
      if (array.buffer === memory.buffer) known.add(array.buffer);
      return known.has(array.buffer);
    },
    owns: (array) => known.has(array.buffer),
    rmsnormForward(out, rstd, x, weight, N, C, eps) {
      if (C % 4 !== 0) return jsElementwise.rmsnormForward(out, rstd, x, weight, N, C, eps);
      k.rmsnorm_fwd(at(out), at(rstd), at(x), at(weight), N, C, eps);
    },
    rmsnormBackward(dx, dweight, dout, x, weight, rstd, N, C) {
      if (C % 4 !== 0) return jsElementwise.rmsnormBackward(dx, dweight, dout, x, weight, rstd, N, C);
      k.rmsnorm_bwd(at(dx), at(dweight), at(dout), at(x), at(weight), at(rstd), N, C);
    },
    swigluForward: (h, sig, gate, up, N) => k.swiglu_fwd(at(h), at(sig), at(gate), at(up), N),
    swigluBackward: (dgate, dup, dh, gate, up, sig, N) =>
      k.swiglu_bwd(at(dgate), at(dup), at(dh), at(gate), at(up), at(sig), N),
    causalSoftmaxForward: (probs, scores, L, ld) => k.causal_softmax_fwd(at(probs), at(scores), L, ld),
    causalSoftmaxBackward: (dscores, dprobs, probs, L, ld) =>
      k.causal_softmax_bwd(at(dscores), at(dprobs), at(probs), L, ld),
    adamwUpdate(params, grads, m, v, start, end, hyper) {
      const { learningRate: lr, beta1, beta2, eps, weightDecay, step } = hyper;
      const from = (a: Float32Array) => at(a) + 4 * start;
      k.adamw(
        from(params),
        from(grads),
        from(m),
        from(v),
        end - start,
        beta1,
        beta2,
        eps,
        1 - lr * weightDecay,
        lr / (1 - beta1 ** step),
        Math.sqrt(1 - beta2 ** step),
      );
    },
    tokenLogprobs(logprobs, logits, dlogprobs, targets, R, V) {
      const rows = rowScratch(R);
      if (!rows) return jsElementwise.tokenLogprobs(logprobs, logits, dlogprobs, targets, R, V);
      const parts = rows.subarray(0, 2 * R);
      const grads = rows.subarray(2 * R, 3 * R);
      const ids = new Int32Array(rows.buffer, rows.byteOffset + 12 * R, R);
      ids.set(targets.subarray(0, R));
      if (dlogprobs) grads.set(dlogprobs.subarray(0, R));
      k.token_logprobs(at(parts), at(logits), dlogprobs ? at(grads) : 0, at(ids), R, V);
      for (let r = 0; r < R; r++) logprobs[r] = parts[2 * r] - Math.log(parts[2 * r + 1]);
    },
    ropeForward: (x, positions, N, heads, D, tables) => rope(x, positions, N, heads, D, tables, 1),
    ropeBackward: (dx, positions, N, heads, D, tables) => rope(dx, positions, N, heads, D, tables, -1),
    sumSquares: (x) => k.sum_squares(at(x), x.length),
    scale: (x, c) => k.scale(at(x), x.length, c),
    decodeAttention(q, y, keys, values, rows, A, H, KVH, D, scale, scores) {
      if (D % 4 !== 0)
        throw new CascadeError('ops.wasm', `head_dim ${D} is not a multiple of 4`, {
          where: 'decodeAttention',
        });
      k.decode_attention(at(q), at(y), at(keys), at(values), at(rows), A, H, KVH, D, scale, at(scores));
    },
    tokenWeights: (logits, weights, stats, A, V, invT) =>
      k.token_weights(at(logits), at(weights), at(stats), A, V, invT),
  };
}
