/**
 * Request bodies of the OpenAI-compatible server (OpenAI's fields plus the vLLM extensions Cascade
 * uses). Unknown fields are ignored, as OpenAI clients send many (`user`, `stream_options`…); known
 * fields are checked, and a bad one gets a 400 that names it.
 */
import { z } from 'zod';

const stopSchema = z
  .union([z.string(), z.array(z.string()).max(16)])
  .nullish()
  .transform((stop) => (stop == null ? [] : typeof stop === 'string' ? [stop] : stop))
  .refine((stops) => stops.every((stop) => stop.length > 0), { message: 'stop strings must not be empty' });

const tokenId = z.number().int().min(0);

/** Sampling fields both endpoints share (vLLM's defaults). */
const samplingFields = {
  model: z.string().nullish(),
  n: z.number().int().min(1).max(64).default(1),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().gt(0).max(1).nullish(),
  /** vLLM: -1 or 0 switch top-k off. */
  top_k: z.number().int().min(-1).nullish(),
  seed: z.number().int().nullish(),
  stop: stopSchema,
  stop_token_ids: z.array(tokenId).nullish(),
  include_stop_str_in_output: z.boolean().default(false),
  /** vLLM: keep generating past EOS / `<|im_end|>` (stop only on stop_token_ids and max_tokens). */
  ignore_eos: z.boolean().default(false),
  skip_special_tokens: z.boolean().default(true),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().nullish() }).nullish(),
  return_token_ids: z.boolean().default(false),
  return_tokens_as_token_ids: z.boolean().default(false),
};

const toolSchema = z.looseObject({
  type: z.literal('function'),
  function: z.looseObject({
    name: z.string().min(1),
    description: z.string().nullish(),
    parameters: z.record(z.string(), z.unknown()).nullish(),
  }),
});

export const chatRequestSchema = z.object({
  ...samplingFields,
  messages: z.array(z.looseObject({ role: z.string() })).min(1),
  tools: z.array(toolSchema).nullish(),
  tool_choice: z.unknown().optional(),
  max_tokens: z.number().int().min(1).nullish(),
  max_completion_tokens: z.number().int().min(1).nullish(),
  logprobs: z.boolean().nullish(),
  /** Only the sampled token's log-prob is known to the engine, so at most 1 alternative. */
  top_logprobs: z.number().int().min(0).max(1).nullish(),
  chat_template_kwargs: z.looseObject({ enable_thinking: z.boolean().nullish() }).nullish(),
  include_reasoning: z.boolean().default(true),
});

export const completionRequestSchema = z.object({
  ...samplingFields,
  prompt: z.union([
    z.string(),
    z.array(z.string()).min(1),
    z.array(tokenId).min(1),
    z.array(z.array(tokenId).min(1)).min(1),
  ]),
  max_tokens: z.number().int().min(0).default(16),
  echo: z.boolean().default(false),
  /** Top alternatives per sampled token; the engine knows the sampled token only, so 0 or 1. */
  logprobs: z.number().int().min(0).max(1).nullish(),
  /** Teacher-forced log-probs of the prompt tokens (vLLM); 0 or 1 for the same reason. */
  prompt_logprobs: z.number().int().min(0).max(1).nullish(),
});

export const reloadRequestSchema = z.object({ checkpoint: z.string().min(1).nullish() });

export type ChatRequestBody = z.output<typeof chatRequestSchema>;
export type CompletionRequestBody = z.output<typeof completionRequestSchema>;

/** The first issue of a failed parse as `{param, message}`, `param` being the field's dotted path. */
export function firstIssue(error: z.ZodError): { param: string; message: string } {
  const issue = error.issues[0];
  const param = issue.path.map(String).join('.') || '(body)';
  return { param, message: `${param}: ${issue.message}` };
}
