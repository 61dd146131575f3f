/**
 * The activation arena: every buffer the forward pass saves for the backward pass, and the scratch
 * gradients the backward pass reuses layer after layer, carved out of one Float32Array that grows only
 * when a batch needs more room. Shape letters: N tokens in the packed batch, C hidden, QD = heads·head_dim,
 * KVD = kv_heads·head_dim, F intermediate, A = heads·Σ L² attention probabilities, R logits rows per chunk.
 */
import type { Qwen3Config } from './config.ts';

export interface LayerActivations {
  ln1: Float32Array; // (N, C)
  ln1Rstd: Float32Array; // (N)
  qRaw: Float32Array; // (N, QD) q_proj output, before q_norm
  qRstd: Float32Array; // (N, heads)
  q: Float32Array; // (N, QD) after q_norm and RoPE
  kRaw: Float32Array; // (N, KVD)
  kRstd: Float32Array; // (N, kv_heads)
  k: Float32Array; // (N, KVD) after k_norm and RoPE
  v: Float32Array; // (N, KVD)
  att: Float32Array; // (A) softmax probabilities, one (L, L) block per (sequence, head)
  attY: Float32Array; // (N, QD) attention output, before o_proj
  resid2: Float32Array; // (N, C) residual stream after attention
  ln2: Float32Array; // (N, C)
  ln2Rstd: Float32Array; // (N)
  gate: Float32Array; // (N, F)
  up: Float32Array; // (N, F)
  h: Float32Array; // (N, F) silu(gate)·up
  sig: Float32Array; // (N, F) σ(gate)
}

export interface Activations {
  layers: LayerActivations[];
  resid: Float32Array[]; // L+1 × (N, C): resid[l] is layer l's input, resid[L] the last layer's output
  lnf: Float32Array; // (N, C) final hidden state after model.norm
  lnfRstd: Float32Array; // (N)
  // scratch gradients, reused by every layer
  dresid: Float32Array; // (N, C) running gradient of the residual stream
  dlnf: Float32Array; // (N, C)
  dln: Float32Array; // (N, C)
  dattY: Float32Array; // (N, QD)
  dq: Float32Array; // (N, QD)
  dqRaw: Float32Array; // (N, QD)
  dk: Float32Array; // (N, KVD)
  dkRaw: Float32Array; // (N, KVD)
  dv: Float32Array; // (N, KVD)
  dh: Float32Array; // (N, F)
  dgate: Float32Array; // (N, F)
  dup: Float32Array; // (N, F)
  dprobs: Float32Array; // (maxL, maxL) one attention block's gradient
  headIn: Float32Array; // (R, C) gathered final hidden rows
  dheadIn: Float32Array; // (R, C)
  logits: Float32Array; // (R, V)
}

/** Rows of logits computed at once: bounds the (R, V) buffer to about 4M floats for large vocabularies. */
export function headChunkRows(vocabSize: number): number {
  return Math.max(1, Math.min(256, Math.floor(4_194_304 / vocabSize)));
}

export class ActivationArena {
  private arena: Float32Array = new Float32Array(0);

  constructor(
    private readonly config: Qwen3Config,
    private readonly allocate: (floats: number) => Float32Array,
  ) {}

  /** Views for a batch of N tokens whose attention blocks cover `attentionArea` = Σ L² and longest is maxL. */
  carve(N: number, attentionArea: number, maxL: number): Activations {
    const c = this.config;
    const C = c.hidden_size;
    const H = c.num_attention_heads;
    const KVH = c.num_key_value_heads;
    const QD = H * c.head_dim;
    const KVD = KVH * c.head_dim;
    const F = c.intermediate_size;
    const R = headChunkRows(c.vocab_size);
    const sizes: number[] = [];
    const plan = (size: number) => {
      sizes.push(size);
      return sizes.length - 1;
    };
    const layerPlans = Array.from({ length: c.num_hidden_layers }, () => ({
      ln1: plan(N * C),
      ln1Rstd: plan(N),
      qRaw: plan(N * QD),
      qRstd: plan(N * H),
      q: plan(N * QD),
      kRaw: plan(N * KVD),
      kRstd: plan(N * KVH),
      k: plan(N * KVD),
      v: plan(N * KVD),
      att: plan(H * attentionArea),
      attY: plan(N * QD),
      resid2: plan(N * C),
      ln2: plan(N * C),
      ln2Rstd: plan(N),
      gate: plan(N * F),
      up: plan(N * F),
      h: plan(N * F),
      sig: plan(N * F),
    }));
    const residPlans = Array.from({ length: c.num_hidden_layers + 1 }, () => plan(N * C));
    const rest = {
      lnf: plan(N * C),
      lnfRstd: plan(N),
      dresid: plan(N * C),
      dlnf: plan(N * C),
      dln: plan(N * C),
      dattY: plan(N * QD),
      dq: plan(N * QD),
      dqRaw: plan(N * QD),
      dk: plan(N * KVD),
      dkRaw: plan(N * KVD),
      dv: plan(N * KVD),
      dh: plan(N * F),
      dgate: plan(N * F),
      dup: plan(N * F),
      dprobs: plan(maxL * maxL),
      headIn: plan(R * C),
      dheadIn: plan(R * C),
      logits: plan(R * c.vocab_size),
    };
    // 16-float alignment keeps every view on a 64-byte boundary for SIMD backends
    const offsets: number[] = [];
    let total = 0;
    for (const size of sizes) {
      offsets.push(total);
      total += Math.ceil(size / 16) * 16;
    }
    if (this.arena.length < total) this.arena = this.allocate(Math.ceil(total * 1.25));
    const view = (index: number) => this.arena.subarray(offsets[index], offsets[index] + sizes[index]);
    const views = <T extends Record<string, number>>(p: T) =>
      Object.fromEntries(Object.entries(p).map(([name, index]) => [name, view(index)])) as Record<
        keyof T,
        Float32Array
      >;
    return {
      layers: layerPlans.map((p) => views(p)),
      resid: residPlans.map(view),
      ...views(rest),
    };
  }
}
