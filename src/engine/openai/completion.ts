/**
 * Completion mode: `/v1/completions` with the prompt as token ids that Cascade rendered itself, so
 * the tokens the model saw and wrote are exact (what RL needs). vLLM extensions used:
 * `return_token_ids` (`choices[].token_ids`), `return_tokens_as_token_ids` (`logprobs.tokens` as
 * `"token_id:N"`, the fallback when `token_ids` is missing), and `echo` + `max_tokens: 0` +
 * `prompt_logprobs` to score a given sequence teacher-forced (`prompt_logprobs[0]` is null; keys
 * are token ids as strings).
 */
import { CascadeError } from '../../core/errors.ts';
import type { OpenAIPool } from './pool.ts';
import { type CompletionResponse, completionResponseSchema } from './schemas.ts';

export interface TokenCompletionRequest {
  model: string;
  prompt: number[];
  n: number;
  temperature: number;
  topP: number;
  topK?: number;
  maxTokens: number;
  /** Extra stop tokens (vLLM stops on the model's EOS by itself). */
  stopTokenIds?: number[];
  seed?: number;
  /** Ask for the sampled tokens' logprobs (default true). */
  logprobs?: boolean;
  extraBody?: Record<string, unknown>;
}

export interface TokenChoice {
  index: number;
  /** Text as the server decoded it (for logs; Cascade decodes `tokenIds` itself). */
  text: string;
  tokenIds: number[];
  /** One logprob per token of `tokenIds`, or null when not asked for. */
  logprobs: number[] | null;
  finishReason: 'stop' | 'length';
  /** The stop string or token id that ended generation, when the server says. */
  stopReason: string | number | null;
}

export function tokenCompletionBody(request: TokenCompletionRequest): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model: request.model,
    prompt: request.prompt,
    n: request.n,
    temperature: request.temperature,
    top_p: request.topP,
    max_tokens: request.maxTokens,
    return_token_ids: true,
    return_tokens_as_token_ids: true,
    skip_special_tokens: false,
  };
  if (request.logprobs ?? true) body.logprobs = 1;
  if (request.topK) body.top_k = request.topK;
  if (request.seed !== undefined) body.seed = request.seed;
  if (request.stopTokenIds && request.stopTokenIds.length > 0) body.stop_token_ids = request.stopTokenIds;
  return { ...body, ...request.extraBody };
}

export async function completeTokens(
  pool: OpenAIPool,
  request: TokenCompletionRequest,
  signal?: AbortSignal,
): Promise<TokenChoice[]> {
  const response = await pool.postJson(
    '/completions',
    tokenCompletionBody(request),
    completionResponseSchema,
    signal,
  );
  const choices = response.choices
    .map((choice, position) => toTokenChoice(choice, position, request))
    .sort((a, b) => a.index - b.index);
  if (choices.length !== request.n) {
    throw new CascadeError(
      'openai_bad_response',
      `asked for n=${request.n} completions, the server returned ${choices.length}`,
    );
  }
  return choices;
}

type WireChoice = CompletionResponse['choices'][number];

function toTokenChoice(choice: WireChoice, position: number, request: TokenCompletionRequest): TokenChoice {
  const where = `/completions choices[${position}]`;
  const fromStrings = choice.logprobs?.tokens
    ? choice.logprobs.tokens.map((token, index) =>
        parseTokenIdString(token, `${where}.logprobs.tokens[${index}]`),
      )
    : null;
  const tokenIds = choice.token_ids ?? fromStrings;
  if (!tokenIds) {
    throw new CascadeError(
      'openai_no_token_ids',
      'the server returned neither token_ids nor token_id:N logprob tokens; completion mode needs vLLM (return_token_ids / return_tokens_as_token_ids)',
      { where },
    );
  }
  let logprobs: number[] | null = null;
  if (request.logprobs ?? true) {
    const values = choice.logprobs?.token_logprobs;
    if (!values)
      throw new CascadeError('openai_bad_response', 'logprobs were asked for but not returned', { where });
    logprobs = values.map((value) => value ?? Number.NaN);
  }
  const ids = [...tokenIds];
  const stopReason = choice.stop_reason ?? null;
  // a server that leaves the matched stop token out of token_ids: the StepEngine contract keeps it
  if (
    typeof stopReason === 'number' &&
    ids[ids.length - 1] !== stopReason &&
    request.stopTokenIds?.includes(stopReason)
  ) {
    ids.push(stopReason);
    logprobs?.push(Number.NaN);
  }
  if (logprobs && logprobs.length !== ids.length && logprobs.length !== tokenIds.length) {
    throw new CascadeError('openai_bad_response', `${ids.length} token ids but ${logprobs.length} logprobs`, {
      where,
    });
  }
  return {
    index: choice.index ?? position,
    text: choice.text ?? '',
    tokenIds: ids,
    logprobs,
    finishReason: choice.finish_reason === 'length' ? 'length' : 'stop',
    stopReason,
  };
}

/** `"token_id:123"` → 123 (vLLM's `return_tokens_as_token_ids` form). */
export function parseTokenIdString(token: string, where: string): number {
  const match = /^token_id:(\d+)$/.exec(token);
  if (!match)
    throw new CascadeError('openai_bad_response', `expected "token_id:N", got ${JSON.stringify(token)}`, {
      where,
    });
  return Number(match[1]);
}

/**
 * Teacher-forced log π(tokens[t] | tokens[<t]) for t ≥ 1 through `echo: true, max_tokens: 0,
 * prompt_logprobs: 0`; entry 0 (nothing predicts the first token) is 0, as StepEngine.logprobs says.
 */
export async function scoreTokens(
  pool: OpenAIPool,
  model: string,
  tokens: number[],
  signal?: AbortSignal,
): Promise<Float32Array> {
  if (tokens.length === 0) return new Float32Array(0);
  const body = {
    model,
    prompt: tokens,
    max_tokens: 0,
    echo: true,
    prompt_logprobs: 0,
    temperature: 0,
    return_tokens_as_token_ids: true,
  };
  const response = await pool.postJson('/completions', body, completionResponseSchema, signal);
  const entries = response.choices[0]?.prompt_logprobs ?? response.prompt_logprobs;
  if (!entries)
    throw new CascadeError(
      'openai_bad_response',
      'no prompt_logprobs in the answer (is this a vLLM server?)',
      { where: '/completions' },
    );
  return promptLogprobsToArray(entries, tokens);
}

/** Picks each position's own token out of `prompt_logprobs` (which may also hold top-k alternatives). */
export function promptLogprobsToArray(
  entries: readonly (Record<string, { logprob: number }> | null)[],
  tokens: number[],
): Float32Array {
  if (entries.length < tokens.length) {
    throw new CascadeError(
      'openai_bad_response',
      `prompt_logprobs has ${entries.length} entries for ${tokens.length} tokens`,
    );
  }
  const out = new Float32Array(tokens.length);
  for (let t = 1; t < tokens.length; t++) {
    const entry = entries[t]?.[String(tokens[t])];
    if (!entry) {
      throw new CascadeError(
        'openai_bad_response',
        `prompt_logprobs[${t}] has no entry for token ${tokens[t]}`,
        { where: '/completions' },
      );
    }
    out[t] = entry.logprob;
  }
  return out;
}
