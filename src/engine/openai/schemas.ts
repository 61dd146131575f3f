/**
 * The response shapes of OpenAI-compatible servers (vLLM's `protocol.py`), reading only the fields
 * Cascade uses. Remote fields are `.nullish()`: servers omit them, send null, or add new ones.
 */
import { z } from 'zod';

export const modelsResponseSchema = z.object({
  data: z.array(z.object({ id: z.string() })).nullish(),
});

const wireToolCallSchema = z.object({
  id: z.string().nullish(),
  function: z.object({ name: z.string(), arguments: z.string().nullish() }),
});

const chatMessageSchema = z.object({
  content: z.string().nullish(),
  /** Current vLLM. */
  reasoning: z.string().nullish(),
  /** vLLM before the rename, and most other servers. */
  reasoning_content: z.string().nullish(),
  tool_calls: z.array(wireToolCallSchema).nullish(),
});

export const chatResponseSchema = z.object({
  choices: z.array(
    z.object({
      index: z.number().int().nullish(),
      message: chatMessageSchema,
      finish_reason: z.string().nullish(),
      token_ids: z.array(z.number().int()).nullish(),
    }),
  ),
});

export const chatChunkSchema = z.object({
  choices: z
    .array(
      z.object({
        index: z.number().int().nullish(),
        delta: z
          .object({
            content: z.string().nullish(),
            reasoning: z.string().nullish(),
            reasoning_content: z.string().nullish(),
            tool_calls: z
              .array(
                z.object({
                  index: z.number().int().nullish(),
                  id: z.string().nullish(),
                  function: z
                    .object({ name: z.string().nullish(), arguments: z.string().nullish() })
                    .nullish(),
                }),
              )
              .nullish(),
          })
          .nullish(),
        finish_reason: z.string().nullish(),
        token_ids: z.array(z.number().int()).nullish(),
      }),
    )
    .nullish(),
});

/** One prompt position of `prompt_logprobs`: token id (as a string) → its logprob. */
const promptLogprobEntrySchema = z.record(z.string(), z.object({ logprob: z.number() })).nullable();

export const completionResponseSchema = z.object({
  choices: z.array(
    z.object({
      index: z.number().int().nullish(),
      text: z.string().nullish(),
      token_ids: z.array(z.number().int()).nullish(),
      prompt_token_ids: z.array(z.number().int()).nullish(),
      logprobs: z
        .object({
          tokens: z.array(z.string()).nullish(),
          token_logprobs: z.array(z.number().nullable()).nullish(),
        })
        .nullish(),
      prompt_logprobs: z.array(promptLogprobEntrySchema).nullish(),
      finish_reason: z.string().nullish(),
      stop_reason: z.union([z.string(), z.number()]).nullish(),
    }),
  ),
  /** Some servers put prompt logprobs at the top level (vLLM's chat endpoint does). */
  prompt_logprobs: z.array(promptLogprobEntrySchema).nullish(),
});

/** Error bodies: OpenAI's `{error: {message}}` and older vLLM's `{object: "error", message}`. */
export const errorBodySchema = z.object({
  error: z.union([z.object({ message: z.string().nullish() }), z.string()]).nullish(),
  message: z.string().nullish(),
});

export type ChatResponse = z.infer<typeof chatResponseSchema>;
export type ChatChunk = z.infer<typeof chatChunkSchema>;
export type CompletionResponse = z.infer<typeof completionResponseSchema>;
