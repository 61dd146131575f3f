/**
 * The model configuration: a Hugging Face `config.json` for `Qwen3ForCausalLM` (or
 * `Qwen3ForSequenceClassification` with one label). Keys we do not use are kept, so a config read
 * from a checkpoint is written back unchanged apart from what we own.
 */
import { z } from 'zod';
import { CascadeError } from '../../core/errors.ts';

const positiveInt = z.number().int().positive();

export const Qwen3ConfigSchema = z
  .looseObject({
    vocab_size: positiveInt,
    hidden_size: positiveInt,
    intermediate_size: positiveInt,
    num_hidden_layers: positiveInt,
    num_attention_heads: positiveInt,
    num_key_value_heads: positiveInt.optional(),
    head_dim: positiveInt.optional(),
    rms_norm_eps: z.number().positive().default(1e-6),
    rope_theta: z.number().positive().default(1_000_000),
    tie_word_embeddings: z.boolean().default(false),
    max_position_embeddings: positiveInt.default(40_960),
    initializer_range: z.number().positive().default(0.02),
    hidden_act: z.literal('silu').default('silu'),
    attention_bias: z.literal(false).default(false),
    rope_scaling: z
      .null()
      .optional()
      .describe('Only plain RoPE is implemented; YaRN/linear scaling are not.'),
    use_sliding_window: z.literal(false).optional().describe('Sliding-window attention is not implemented.'),
    bos_token_id: z.number().int().nullish(),
    eos_token_id: z.union([z.number().int(), z.array(z.number().int())]).nullish(),
  })
  .transform((raw) => ({
    ...raw,
    // transformers' defaults when a config leaves these out
    num_key_value_heads: raw.num_key_value_heads ?? raw.num_attention_heads,
    head_dim: raw.head_dim ?? raw.hidden_size / raw.num_attention_heads,
  }))
  .refine((c) => Number.isInteger(c.head_dim), { message: 'head_dim must be an integer', path: ['head_dim'] })
  .refine((c) => c.head_dim % 2 === 0, { message: 'head_dim must be even for RoPE', path: ['head_dim'] })
  .refine((c) => c.num_attention_heads % c.num_key_value_heads === 0, {
    message: 'num_attention_heads must be a multiple of num_key_value_heads',
    path: ['num_key_value_heads'],
  });

export type Qwen3ConfigInput = z.input<typeof Qwen3ConfigSchema>;
export type Qwen3Config = z.output<typeof Qwen3ConfigSchema>;

/** Validates a config object; `where` names its source (a file path) for the error. */
export function parseQwen3Config(raw: unknown, where = 'config'): Qwen3Config {
  const parsed = Qwen3ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new CascadeError('config.invalid', `invalid Qwen3 config: ${issues.join('; ')}`, { where });
  }
  return parsed.data;
}

/** The config.json we write: every key transformers needs to rebuild the model, plus the caller's own. */
export function toHuggingFaceConfig(config: Qwen3Config, head: 'lm' | 'score'): Record<string, unknown> {
  return {
    attention_dropout: 0,
    bos_token_id: null,
    eos_token_id: null,
    max_window_layers: config.num_hidden_layers,
    rope_scaling: null,
    sliding_window: null,
    use_cache: true,
    use_sliding_window: false,
    ...config,
    ...(head === 'score'
      ? {
          architectures: ['Qwen3ForSequenceClassification'],
          num_labels: 1,
          id2label: { 0: 'LABEL_0' },
          label2id: { LABEL_0: 0 },
        }
      : { architectures: ['Qwen3ForCausalLM'] }),
    model_type: 'qwen3',
    torch_dtype: 'float32',
  };
}
