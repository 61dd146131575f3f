/**
 * A test oracle, not used by the engine: Qwen3 written straight from its equations in float64 with
 * plain nested loops, one sequence at a time, sharing no code with model.ts (no kernels, no ops, no
 * packing). Parameters are looked up by their transformers names.
 */
import type { Qwen3Config } from './config.ts';

export type ReferenceParams = Map<string, Float64Array>;

function rmsnorm(x: Float64Array, weight: Float64Array, eps: number): Float64Array {
  let meanSquare = 0;
  for (const value of x) meanSquare += value * value;
  meanSquare /= x.length;
  const scale = 1 / Math.sqrt(meanSquare + eps);
  return x.map((value, i) => value * scale * weight[i]);
}

// y = W x with W stored [out, in] as nn.Linear does
function linear(weight: Float64Array, x: Float64Array, outFeatures: number): Float64Array {
  const inFeatures = x.length;
  const y = new Float64Array(outFeatures);
  for (let o = 0; o < outFeatures; o++) {
    let sum = 0;
    for (let i = 0; i < inFeatures; i++) sum += weight[o * inFeatures + i] * x[i];
    y[o] = sum;
  }
  return y;
}

// HF apply_rotary_pos_emb: x·cos + rotate_half(x)·sin, rotate_half([x1, x2]) = [−x2, x1], cos = cat(freqs, freqs)
function rope(x: Float64Array, position: number, theta: number): Float64Array {
  const D = x.length;
  const half = D / 2;
  const out = new Float64Array(D);
  for (let d = 0; d < D; d++) {
    const i = d % half;
    const angle = position * theta ** (-(2 * i) / D);
    const rotated = d < half ? -x[d + half] : x[d - half];
    out[d] = x[d] * Math.cos(angle) + rotated * Math.sin(angle);
  }
  return out;
}

const silu = (g: number) => g / (1 + Math.exp(-g));

/** Final hidden states (after model.norm) of one sequence: T rows of hidden_size. */
export function referenceHidden(
  config: Qwen3Config,
  params: ReferenceParams,
  tokens: number[],
): Float64Array[] {
  const p = (name: string) => {
    const tensor = params.get(name);
    if (!tensor) throw new Error(`reference: missing ${name}`);
    return tensor;
  };
  const C = config.hidden_size;
  const H = config.num_attention_heads;
  const KVH = config.num_key_value_heads;
  const D = config.head_dim;
  const eps = config.rms_norm_eps;
  const embed = p('model.embed_tokens.weight');
  let x = tokens.map((token) => embed.slice(token * C, (token + 1) * C));
  for (let layer = 0; layer < config.num_hidden_layers; layer++) {
    const name = (suffix: string) => p(`model.layers.${layer}.${suffix}`);
    const normed = x.map((row) => rmsnorm(row, name('input_layernorm.weight'), eps));
    const heads = (vectors: Float64Array[], count: number, norm: Float64Array) =>
      vectors.map((vector, t) =>
        Array.from({ length: count }, (_, h) =>
          rope(rmsnorm(vector.slice(h * D, (h + 1) * D), norm, eps), t, config.rope_theta),
        ),
      );
    const q = heads(
      normed.map((row) => linear(name('self_attn.q_proj.weight'), row, H * D)),
      H,
      name('self_attn.q_norm.weight'),
    );
    const k = heads(
      normed.map((row) => linear(name('self_attn.k_proj.weight'), row, KVH * D)),
      KVH,
      name('self_attn.k_norm.weight'),
    );
    const v = normed.map((row) => linear(name('self_attn.v_proj.weight'), row, KVH * D));
    const attended = x.map((_, t) => {
      const y = new Float64Array(H * D);
      for (let h = 0; h < H; h++) {
        const g = Math.floor(h / (H / KVH)); // repeat_kv: query head h reads kv head h // n_rep
        const scores: number[] = [];
        for (let j = 0; j <= t; j++) {
          let dot = 0;
          for (let d = 0; d < D; d++) dot += q[t][h][d] * k[j][g][d];
          scores.push(dot / Math.sqrt(D));
        }
        const max = Math.max(...scores);
        const exps = scores.map((score) => Math.exp(score - max));
        const total = exps.reduce((a, b) => a + b, 0);
        for (let j = 0; j <= t; j++)
          for (let d = 0; d < D; d++) y[h * D + d] += (exps[j] / total) * v[j][g * D + d];
      }
      return y;
    });
    x = x.map((row, t) => {
      const out = linear(name('self_attn.o_proj.weight'), attended[t], C);
      return row.map((value, c) => value + out[c]);
    });
    x = x.map((row) => {
      const h2 = rmsnorm(row, name('post_attention_layernorm.weight'), eps);
      const gate = linear(name('mlp.gate_proj.weight'), h2, config.intermediate_size);
      const up = linear(name('mlp.up_proj.weight'), h2, config.intermediate_size);
      const down = linear(
        name('mlp.down_proj.weight'),
        gate.map((g, i) => silu(g) * up[i]),
        C,
      );
      return row.map((value, c) => value + down[c]);
    });
  }
  return x.map((row) => rmsnorm(row, p('model.norm.weight'), eps));
}

/** Logits (T, vocab) of one sequence. */
export function referenceLogits(
  config: Qwen3Config,
  params: ReferenceParams,
  tokens: number[],
): Float64Array[] {
  const head = params.get(config.tie_word_embeddings ? 'model.embed_tokens.weight' : 'lm_head.weight');
  if (!head) throw new Error('reference: missing LM head');
  return referenceHidden(config, params, tokens).map((row) => linear(head, row, config.vocab_size));
}

export function logSoftmaxAt(logits: Float64Array, index: number): number {
  let max = Number.NEGATIVE_INFINITY;
  for (const value of logits) max = Math.max(max, value);
  let sum = 0;
  for (const value of logits) sum += Math.exp(value - max);
  return logits[index] - max - Math.log(sum);
}

/** −Σ_i Σ_{t≥1} w_i[t] · log p(x_t | x_<t) / normalizer */
export function referenceLoss(
  config: Qwen3Config,
  params: ReferenceParams,
  sequences: number[][],
  weights: ArrayLike<number>[],
  normalizer: number,
): number {
  let loss = 0;
  sequences.forEach((tokens, i) => {
    const logits = referenceLogits(config, params, tokens);
    for (let t = 1; t < tokens.length; t++)
      loss -= (weights[i][t] * logSoftmaxAt(logits[t - 1], tokens[t])) / normalizer;
  });
  return loss;
}

/** Bradley–Terry: mean over pairs of −log σ(r_c − r_r), r = score.weight · last final hidden state. */
export function referencePairLoss(
  config: Qwen3Config,
  params: ReferenceParams,
  chosen: number[][],
  rejected: number[][],
): number {
  const weight = params.get('score.weight');
  if (!weight) throw new Error('reference: missing score.weight');
  const reward = (tokens: number[]) => {
    const hidden = referenceHidden(config, params, tokens);
    return linear(weight, hidden[hidden.length - 1], 1)[0];
  };
  let loss = 0;
  chosen.forEach((tokens, p) => {
    const margin = reward(tokens) - reward(rejected[p]);
    loss += Math.log(1 + Math.exp(-margin)) / chosen.length;
  });
  return loss;
}
