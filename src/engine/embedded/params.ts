/**
 * Parameter layout: every weight of the model as a named view into one Float32Array arena, with
 * transformers' names and [out, in] shapes, so checkpoints map one to one onto `model.safetensors`.
 * The same layout indexes the gradient and Adam moment arenas.
 */
import type { Rng } from '../../core/rng.ts';
import type { Qwen3Config } from './config.ts';

/** Which head sits on the final hidden state: next-token logits, or one reward scalar. */
export type ModelHead = 'lm' | 'score';

export interface ParameterSpec {
  name: string;
  shape: number[];
  offset: number;
  size: number;
  /** AdamW weight decay applies to 2-D weights only; norm weights are exempt (transformers' Trainer default). */
  decay: boolean;
  init: 'normal' | 'ones';
}

export interface ParameterLayout {
  specs: ParameterSpec[];
  byName: Map<string, ParameterSpec>;
  total: number;
  head: ModelHead;
  /** Name of the [vocab, hidden] matrix the LM head multiplies by (the embedding when tied). */
  lmHeadName: string;
}

export const layerPrefix = (layer: number): string => `model.layers.${layer}.`;

export function buildLayout(config: Qwen3Config, head: ModelHead): ParameterLayout {
  const C = config.hidden_size;
  const D = config.head_dim;
  const QD = config.num_attention_heads * D;
  const KVD = config.num_key_value_heads * D;
  const F = config.intermediate_size;
  const specs: ParameterSpec[] = [];
  let offset = 0;
  const add = (name: string, shape: number[]) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const matrix = shape.length === 2;
    specs.push({ name, shape, offset, size, decay: matrix, init: matrix ? 'normal' : 'ones' });
    offset += size;
  };
  add('model.embed_tokens.weight', [config.vocab_size, C]);
  for (let layer = 0; layer < config.num_hidden_layers; layer++) {
    const p = layerPrefix(layer);
    add(`${p}input_layernorm.weight`, [C]);
    add(`${p}self_attn.q_proj.weight`, [QD, C]);
    add(`${p}self_attn.k_proj.weight`, [KVD, C]);
    add(`${p}self_attn.v_proj.weight`, [KVD, C]);
    add(`${p}self_attn.q_norm.weight`, [D]);
    add(`${p}self_attn.k_norm.weight`, [D]);
    add(`${p}self_attn.o_proj.weight`, [C, QD]);
    add(`${p}post_attention_layernorm.weight`, [C]);
    add(`${p}mlp.gate_proj.weight`, [F, C]);
    add(`${p}mlp.up_proj.weight`, [F, C]);
    add(`${p}mlp.down_proj.weight`, [C, F]);
  }
  add('model.norm.weight', [C]);
  let lmHeadName = 'model.embed_tokens.weight';
  if (head === 'lm' && !config.tie_word_embeddings) {
    lmHeadName = 'lm_head.weight';
    add(lmHeadName, [config.vocab_size, C]);
  }
  if (head === 'score') add('score.weight', [1, C]);
  return { specs, byName: new Map(specs.map((spec) => [spec.name, spec])), total: offset, head, lmHeadName };
}

/** A named view into an arena laid out by `layout` (params, grads or an Adam moment). */
export function viewOf(layout: ParameterLayout, arena: Float32Array, name: string): Float32Array {
  const spec = layout.byName.get(name);
  if (!spec) throw new Error(`no parameter named ${name}`);
  return arena.subarray(spec.offset, spec.offset + spec.size);
}

/** transformers' `_init_weights`: normal(0, initializer_range) for linear and embedding weights, norms at 1. */
export function initializeParameters(
  layout: ParameterLayout,
  params: Float32Array,
  std: number,
  rng: Rng,
): void {
  for (const spec of layout.specs) {
    const view = params.subarray(spec.offset, spec.offset + spec.size);
    if (spec.init === 'ones') view.fill(1);
    else for (let i = 0; i < view.length; i++) view[i] = std * rng.normal();
  }
}
