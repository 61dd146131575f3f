/**
 * The Qwen3 decoder, forward and backward written out layer by layer (llm.c style) over a packed batch.
 * Backward reads the forward in reverse; every weight gradient accumulates (+=) into the grads arena,
 * and every matrix product goes through `kernels.sgemm`. Heads (next-token logits, reward score) are in
 * heads.ts; they read `lnf` and write `dlnf`.
 */
import { ActivationArena, type Activations, type LayerActivations } from './activations.ts';
import type { PackedBatch } from './batch.ts';
import type { Qwen3Config } from './config.ts';
import type { Kernels } from './kernels/kernels.ts';
import type { WasmMemory } from './kernels/webassembly.ts';
import { type ElementwiseOps, jsElementwise } from './ops/elementwise.ts';
import { type RopeTables, ropeTables } from './ops/rope.ts';
import { createWasmElementwise, type WasmElementwise } from './ops/wasm-elementwise.ts';
import { layerPrefix, type ParameterLayout, viewOf } from './params.ts';

export interface LayerWeights {
  ln1: Float32Array; // (C)
  wq: Float32Array; // (QD, C)
  wk: Float32Array; // (KVD, C)
  wv: Float32Array; // (KVD, C)
  qNorm: Float32Array; // (D)
  kNorm: Float32Array; // (D)
  wo: Float32Array; // (C, QD)
  ln2: Float32Array; // (C)
  wGate: Float32Array; // (F, C)
  wUp: Float32Array; // (F, C)
  wDown: Float32Array; // (C, F)
}

export interface ModelWeights {
  embed: Float32Array; // (V, C)
  layers: LayerWeights[];
  norm: Float32Array; // (C)
}

export function modelWeights(layout: ParameterLayout, arena: Float32Array, layers: number): ModelWeights {
  const v = (name: string) => viewOf(layout, arena, name);
  return {
    embed: v('model.embed_tokens.weight'),
    norm: v('model.norm.weight'),
    layers: Array.from({ length: layers }, (_, layer) => {
      const p = layerPrefix(layer);
      return {
        ln1: v(`${p}input_layernorm.weight`),
        wq: v(`${p}self_attn.q_proj.weight`),
        wk: v(`${p}self_attn.k_proj.weight`),
        wv: v(`${p}self_attn.v_proj.weight`),
        qNorm: v(`${p}self_attn.q_norm.weight`),
        kNorm: v(`${p}self_attn.k_norm.weight`),
        wo: v(`${p}self_attn.o_proj.weight`),
        ln2: v(`${p}post_attention_layernorm.weight`),
        wGate: v(`${p}mlp.gate_proj.weight`),
        wUp: v(`${p}mlp.up_proj.weight`),
        wDown: v(`${p}mlp.down_proj.weight`),
      };
    }),
  };
}

/** Model dimensions under their shape letters. */
export interface Dims {
  C: number;
  H: number;
  KVH: number;
  D: number;
  QD: number;
  KVD: number;
  F: number;
  V: number;
  L: number;
  eps: number;
}

export function dimsOf(config: Qwen3Config): Dims {
  return {
    C: config.hidden_size,
    H: config.num_attention_heads,
    KVH: config.num_key_value_heads,
    D: config.head_dim,
    QD: config.num_attention_heads * config.head_dim,
    KVD: config.num_key_value_heads * config.head_dim,
    F: config.intermediate_size,
    V: config.vocab_size,
    L: config.num_hidden_layers,
    eps: config.rms_norm_eps,
  };
}

export class Qwen3Model {
  readonly dims: Dims;
  readonly weights: ModelWeights;
  readonly gradients: ModelWeights;
  /**
   * The WebAssembly elementwise kernels, when the kernels backend has a shared memory and the parameter
   * and gradient arenas live in it; undefined otherwise (the TypeScript loops run instead).
   */
  readonly wasm: WasmElementwise | undefined;
  /** The elementwise ops for the parameter, gradient and Adam arenas (the optimizer step). */
  readonly parameterOps: ElementwiseOps;
  private readonly arena: ActivationArena;
  private rope: RopeTables;
  /** The elementwise ops of the current forward/backward: wasm when the activations live in its memory. */
  private ops: ElementwiseOps = jsElementwise;

  constructor(
    readonly config: Qwen3Config,
    readonly layout: ParameterLayout,
    readonly kernels: Kernels,
    readonly params: Float32Array,
    readonly grads: Float32Array,
    allocate: (floats: number) => Float32Array,
  ) {
    this.dims = dimsOf(config);
    this.weights = modelWeights(layout, params, config.num_hidden_layers);
    this.gradients = modelWeights(layout, grads, config.num_hidden_layers);
    // params and grads were allocated just before this constructor, so memory.buffer is still theirs
    const memory = (kernels as { memory?: WasmMemory }).memory;
    const wasm = memory ? createWasmElementwise(memory, allocate) : undefined;
    this.wasm = wasm?.adopt(params) && wasm.adopt(grads) ? wasm : undefined;
    this.parameterOps = this.wasm ?? jsElementwise;
    this.arena = new ActivationArena(config, allocate);
    this.rope = ropeTables(config.rope_theta, config.head_dim, 0);
  }

  /** cos/sin tables covering positions [0, maxPositions), grown on demand. */
  ropeFor(maxPositions: number): RopeTables {
    if (this.rope.maxPositions < maxPositions) {
      const grown = Math.min(
        this.config.max_position_embeddings,
        Math.max(maxPositions, 2 * this.rope.maxPositions, 64),
      );
      this.rope = ropeTables(this.config.rope_theta, this.config.head_dim, grown);
    }
    return this.rope;
  }

  /** Runs the decoder over a packed batch; the returned activations end in `lnf`, the normed final hidden state. */
  forward(batch: PackedBatch): Activations {
    const { C, L, eps } = this.dims;
    const N = batch.N;
    const acts = this.arena.carve(N, batch.attentionArea, batch.maxLength);
    this.ops = this.elementwiseFor(acts.resid[0]);
    const rope = this.ropeFor(batch.maxLength);
    const x0 = acts.resid[0];
    const embed = this.weights.embed;
    for (let n = 0; n < N; n++) x0.set(embed.subarray(batch.tokens[n] * C, (batch.tokens[n] + 1) * C), n * C);
    for (let layer = 0; layer < L; layer++) this.layerForward(acts, layer, batch, rope);
    this.ops.rmsnormForward(acts.lnf, acts.lnfRstd, acts.resid[L], this.weights.norm, N, C, eps);
    return acts;
  }

  /** The elementwise ops of the last forward/backward's activations (heads.ts runs on them). */
  get elementwise(): ElementwiseOps {
    return this.ops;
  }

  /**
   * The elementwise ops for buffers carved together with `array` (an activation or sampler arena): wasm
   * when they live in its memory. Call right after the allocation that made them (see WasmElementwise.adopt).
   */
  elementwiseFor(array: Float32Array): ElementwiseOps {
    return this.wasm?.adopt(array) ? this.wasm : jsElementwise;
  }

  /** Backpropagates `acts.dlnf` (filled by a head) into every parameter gradient (accumulating). */
  backward(acts: Activations, batch: PackedBatch): void {
    const { C, L } = this.dims;
    const N = batch.N;
    const rope = this.ropeFor(batch.maxLength);
    this.ops = this.elementwiseFor(acts.resid[0]);
    const dresid = acts.dresid.fill(0);
    this.ops.rmsnormBackward(
      dresid,
      this.gradients.norm,
      acts.dlnf,
      acts.resid[L],
      this.weights.norm,
      acts.lnfRstd,
      N,
      C,
    );
    for (let layer = L - 1; layer >= 0; layer--) this.layerBackward(acts, layer, batch, rope);
    const dembed = this.gradients.embed;
    for (let n = 0; n < N; n++) {
      const row = batch.tokens[n] * C;
      for (let c = 0; c < C; c++) dembed[row + c] += dresid[n * C + c];
    }
  }

  private layerForward(acts: Activations, layer: number, batch: PackedBatch, rope: RopeTables): void {
    const { C, H, KVH, D, QD, KVD, F, eps } = this.dims;
    const N = batch.N;
    const w = this.weights.layers[layer];
    const a = acts.layers[layer];
    const x = acts.resid[layer];
    const gemm = this.kernels.sgemm.bind(this.kernels);
    const ops = this.ops;
    // attention block: x → ln1 → q, k, v → q/k norm → RoPE → causal attention → o_proj, added to x
    ops.rmsnormForward(a.ln1, a.ln1Rstd, x, w.ln1, N, C, eps);
    gemm(false, true, N, QD, C, 1, a.ln1, C, w.wq, C, 0, a.qRaw, QD);
    gemm(false, true, N, KVD, C, 1, a.ln1, C, w.wk, C, 0, a.kRaw, KVD);
    gemm(false, true, N, KVD, C, 1, a.ln1, C, w.wv, C, 0, a.v, KVD);
    ops.rmsnormForward(a.q, a.qRstd, a.qRaw, w.qNorm, N * H, D, eps);
    ops.rmsnormForward(a.k, a.kRstd, a.kRaw, w.kNorm, N * KVH, D, eps);
    ops.ropeForward(a.q, batch.positions, N, H, D, rope);
    ops.ropeForward(a.k, batch.positions, N, KVH, D, rope);
    this.attentionForward(a, batch);
    const resid2 = a.resid2;
    resid2.set(x);
    gemm(false, true, N, C, QD, 1, a.attY, QD, w.wo, QD, 1, resid2, C);
    // MLP block: resid2 → ln2 → down(silu(gate) · up), added to resid2
    ops.rmsnormForward(a.ln2, a.ln2Rstd, resid2, w.ln2, N, C, eps);
    gemm(false, true, N, F, C, 1, a.ln2, C, w.wGate, C, 0, a.gate, F);
    gemm(false, true, N, F, C, 1, a.ln2, C, w.wUp, C, 0, a.up, F);
    ops.swigluForward(a.h, a.sig, a.gate, a.up, N * F);
    const out = acts.resid[layer + 1];
    out.set(resid2);
    gemm(false, true, N, C, F, 1, a.h, F, w.wDown, F, 1, out, C);
  }

  private layerBackward(acts: Activations, layer: number, batch: PackedBatch, rope: RopeTables): void {
    const { C, H, KVH, D, QD, KVD, F } = this.dims;
    const N = batch.N;
    const w = this.weights.layers[layer];
    const g = this.gradients.layers[layer];
    const a = acts.layers[layer];
    const dresid = acts.dresid; // holds d(layer output); the residual identity passes it straight through
    const gemm = this.kernels.sgemm.bind(this.kernels);
    const ops = this.ops;
    // MLP block, in reverse: dh = dout·W_down; dW_down += doutᵀ·h; then SwiGLU; then gate/up projections
    gemm(false, false, N, F, C, 1, dresid, C, w.wDown, F, 0, acts.dh, F);
    gemm(true, false, C, F, N, 1, dresid, C, a.h, F, 1, g.wDown, F);
    acts.dgate.fill(0);
    acts.dup.fill(0);
    ops.swigluBackward(acts.dgate, acts.dup, acts.dh, a.gate, a.up, a.sig, N * F);
    gemm(false, false, N, C, F, 1, acts.dgate, F, w.wGate, C, 0, acts.dln, C);
    gemm(false, false, N, C, F, 1, acts.dup, F, w.wUp, C, 1, acts.dln, C);
    gemm(true, false, F, C, N, 1, acts.dgate, F, a.ln2, C, 1, g.wGate, C);
    gemm(true, false, F, C, N, 1, acts.dup, F, a.ln2, C, 1, g.wUp, C);
    ops.rmsnormBackward(dresid, g.ln2, acts.dln, a.resid2, w.ln2, a.ln2Rstd, N, C);
    // attention block, in reverse
    gemm(false, false, N, QD, C, 1, dresid, C, w.wo, QD, 0, acts.dattY, QD);
    gemm(true, false, C, QD, N, 1, dresid, C, a.attY, QD, 1, g.wo, QD);
    acts.dq.fill(0);
    acts.dk.fill(0);
    acts.dv.fill(0);
    this.attentionBackward(acts, a, batch);
    ops.ropeBackward(acts.dq, batch.positions, N, H, D, rope);
    ops.ropeBackward(acts.dk, batch.positions, N, KVH, D, rope);
    acts.dqRaw.fill(0);
    acts.dkRaw.fill(0);
    ops.rmsnormBackward(acts.dqRaw, g.qNorm, acts.dq, a.qRaw, w.qNorm, a.qRstd, N * H, D);
    ops.rmsnormBackward(acts.dkRaw, g.kNorm, acts.dk, a.kRaw, w.kNorm, a.kRstd, N * KVH, D);
    gemm(false, false, N, C, QD, 1, acts.dqRaw, QD, w.wq, C, 0, acts.dln, C);
    gemm(false, false, N, C, KVD, 1, acts.dkRaw, KVD, w.wk, C, 1, acts.dln, C);
    gemm(false, false, N, C, KVD, 1, acts.dv, KVD, w.wv, C, 1, acts.dln, C);
    gemm(true, false, QD, C, N, 1, acts.dqRaw, QD, a.ln1, C, 1, g.wq, C);
    gemm(true, false, KVD, C, N, 1, acts.dkRaw, KVD, a.ln1, C, 1, g.wk, C);
    gemm(true, false, KVD, C, N, 1, acts.dv, KVD, a.ln1, C, 1, g.wv, C);
    ops.rmsnormBackward(dresid, g.ln1, acts.dln, acts.resid[layer], w.ln1, a.ln1Rstd, N, C);
  }

  // per (sequence, head): P = causal_softmax(Q·Kᵀ/√D) · (L, L);  Y = P·V · (L, D). Query head h reads kv head ⌊h / (H/KVH)⌋.
  private attentionForward(a: LayerActivations, batch: PackedBatch): void {
    const { H, D, QD, KVD } = this.dims;
    const group = H / this.dims.KVH;
    const scale = 1 / Math.sqrt(D);
    const gemm = this.kernels.sgemm.bind(this.kernels);
    const ops = this.ops;
    let block = 0;
    for (let b = 0; b < batch.starts.length; b++) {
      const s = batch.starts[b];
      const L = batch.lengths[b];
      for (let h = 0; h < H; h++) {
        const kv = Math.floor(h / group) * D;
        const probs = a.att.subarray(block, block + L * L);
        const q = a.q.subarray(s * QD + h * D);
        gemm(false, true, L, L, D, scale, q, QD, a.k.subarray(s * KVD + kv), KVD, 0, probs, L);
        ops.causalSoftmaxForward(probs, probs, L, L);
        gemm(
          false,
          false,
          L,
          D,
          L,
          1,
          probs,
          L,
          a.v.subarray(s * KVD + kv),
          KVD,
          0,
          a.attY.subarray(s * QD + h * D),
          QD,
        );
        block += L * L;
      }
    }
  }

  // dP = dY·Vᵀ;  dV += Pᵀ·dY;  dS = softmax'(dP);  dQ += dS·K/√D;  dK += dSᵀ·Q/√D
  private attentionBackward(acts: Activations, a: LayerActivations, batch: PackedBatch): void {
    const { H, D, QD, KVD } = this.dims;
    const group = H / this.dims.KVH;
    const scale = 1 / Math.sqrt(D);
    const gemm = this.kernels.sgemm.bind(this.kernels);
    const ops = this.ops;
    let block = 0;
    for (let b = 0; b < batch.starts.length; b++) {
      const s = batch.starts[b];
      const L = batch.lengths[b];
      const dprobs = acts.dprobs.subarray(0, L * L);
      for (let h = 0; h < H; h++) {
        const kv = Math.floor(h / group) * D;
        const probs = a.att.subarray(block, block + L * L);
        const dY = acts.dattY.subarray(s * QD + h * D);
        const q = a.q.subarray(s * QD + h * D);
        const k = a.k.subarray(s * KVD + kv);
        gemm(false, true, L, L, D, 1, dY, QD, a.v.subarray(s * KVD + kv), KVD, 0, dprobs, L);
        gemm(true, false, L, D, L, 1, probs, L, dY, QD, 1, acts.dv.subarray(s * KVD + kv), KVD);
        ops.causalSoftmaxBackward(dprobs, dprobs, probs, L, L);
        gemm(false, false, L, D, L, scale, dprobs, L, k, KVD, 1, acts.dq.subarray(s * QD + h * D), QD);
        gemm(true, false, L, D, L, scale, dprobs, L, q, QD, 1, acts.dk.subarray(s * KVD + kv), KVD);
        block += L * L;
      }
    }
  }
}
