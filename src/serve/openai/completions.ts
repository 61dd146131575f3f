/**
 * `/v1/completions` on raw prompts (text or token ids), with vLLM's extensions: `return_token_ids`,
 * `return_tokens_as_token_ids` (`token_id:N` labels), `prompt_logprobs`, and `echo` (+ `max_tokens: 0`
 * to score a sequence teacher-forced without sampling: the way a teacher's log-probs are read).
 * Choices are ordered prompt by prompt, n per prompt, as vLLM orders them.
 */
import type { SampleOptions } from '../../core/engine.ts';
import { type ServeContext, turnStopIds } from './context.ts';
import { type DecodedOutput, type OutputOptions, tokenPieces } from './output.ts';
import { RequestError } from './request-error.ts';
import type { CompletionRequestBody } from './schemas.ts';
import { completionLogprobs, usage } from './shapes.ts';

export interface CompletionPlan {
  prompts: number[][];
  /** Null with `max_tokens: 0` (scoring only). */
  sampling: SampleOptions | null;
  /** Teacher-forced prompt log-probs are needed (echo with logprobs, or prompt_logprobs). */
  score: boolean;
  output: OutputOptions;
}

/** Each prompt's scores (null when not asked) and its n outputs. */
export interface PromptResult {
  prompt: number[];
  promptLogprobs: Float32Array | null;
  outputs: DecodedOutput[];
}

function promptsOf(body: CompletionRequestBody, context: ServeContext): number[][] {
  const prompt = body.prompt;
  if (typeof prompt === 'string') return [context.tokenizer.encode(prompt)];
  if (prompt.length > 0 && typeof prompt[0] === 'string')
    return (prompt as string[]).map((text) => context.tokenizer.encode(text));
  if (typeof prompt[0] === 'number') return [prompt as number[]];
  return prompt as number[][];
}

export function planCompletion(body: CompletionRequestBody, context: ServeContext): CompletionPlan {
  const prompts = promptsOf(body, context);
  const vocab = context.vocabSize();
  const max = context.maxContext();
  prompts.forEach((prompt, p) => {
    const where = prompts.length === 1 ? 'prompt' : `prompt.${p}`;
    if (prompt.length === 0) throw new RequestError(400, `${where}: the prompt is empty`, where);
    const bad = prompt.findIndex((id) => id >= vocab);
    if (bad !== -1)
      throw new RequestError(
        400,
        `${where}.${bad}: token id ${prompt[bad]} is outside the vocabulary (${vocab})`,
        where,
      );
    if (prompt.length + body.max_tokens > max)
      throw new RequestError(
        400,
        `${where} has ${prompt.length} tokens and max_tokens is ${body.max_tokens}: more than the maximum context length ${max}`,
        'max_tokens',
      );
  });
  const requestStops = body.stop_token_ids ?? [];
  const stopTokenIds = [
    ...new Set([...(body.ignore_eos ? [] : turnStopIds(context.tokenizer)), ...requestStops]),
  ];
  return {
    prompts,
    sampling:
      body.max_tokens === 0
        ? null
        : {
            n: body.n,
            maxNewTokens: body.max_tokens,
            temperature: body.temperature ?? 1,
            topP: body.top_p ?? 1,
            topK: body.top_k != null && body.top_k > 0 ? body.top_k : undefined,
            stopTokenIds,
            ...(body.seed != null ? { seed: body.seed } : {}),
          },
    score: body.prompt_logprobs != null || (body.echo && body.logprobs != null),
    output: {
      stopTokenIds,
      requestStopTokenIds: requestStops,
      stopStrings: body.stop,
      includeStopString: body.include_stop_str_in_output,
      skipSpecialTokens: body.skip_special_tokens,
    },
  };
}

/** An empty output for `max_tokens: 0`. */
export function emptyOutput(): DecodedOutput {
  return { tokens: [], logprobs: [], pieces: [], text: '', finishReason: 'length', stopReason: null };
}

interface Meta {
  id: string;
  created: number;
  model: string;
}

/** vLLM's prompt_logprobs: null for the first token, then `{"<id>": {logprob, rank, decoded_token}}`. */
function promptLogprobEntries(prompt: number[], scores: Float32Array, pieces: string[]) {
  // rank is unknown: the engine returns the actual token's log-prob only (vLLM's Logprob allows null)
  return prompt.map((id, t) =>
    t === 0 ? null : { [String(id)]: { logprob: scores[t], rank: null, decoded_token: pieces[t] } },
  );
}

function promptParts(context: ServeContext, result: PromptResult) {
  const pieces = tokenPieces(context.tokenizer, result.prompt, false);
  return { pieces, text: pieces.join('') };
}

function choiceLogprobs(
  body: CompletionRequestBody,
  result: PromptResult,
  output: DecodedOutput,
  promptPieces: string[],
) {
  const prompt = body.echo
    ? result.prompt.map((id, t) => ({
        id,
        piece: promptPieces[t],
        logprob: t === 0 || !result.promptLogprobs ? null : result.promptLogprobs[t],
      }))
    : [];
  const generated = output.tokens.map((id, t) => ({
    id,
    piece: output.pieces[t],
    logprob: output.logprobs[t],
  }));
  const entries = [...prompt, ...generated];
  return completionLogprobs(body.return_tokens_as_token_ids, entries, 0);
}

export function completionResponse(
  body: CompletionRequestBody,
  context: ServeContext,
  results: PromptResult[],
  meta: Meta,
) {
  const choices = results.flatMap((result, p) => {
    const prompt = promptParts(context, result);
    return result.outputs.map((output, j) => ({
      index: p * body.n + j,
      text: (body.echo ? prompt.text : '') + output.text,
      logprobs: body.logprobs != null ? choiceLogprobs(body, result, output, prompt.pieces) : null,
      finish_reason: output.finishReason,
      stop_reason: output.stopReason,
      prompt_logprobs:
        body.prompt_logprobs != null && result.promptLogprobs
          ? promptLogprobEntries(result.prompt, result.promptLogprobs, prompt.pieces)
          : null,
      ...(body.return_token_ids || body.echo ? { prompt_token_ids: result.prompt } : {}),
      ...(body.return_token_ids ? { token_ids: output.tokens } : {}),
    }));
  });
  return {
    id: meta.id,
    object: 'text_completion',
    created: meta.created,
    model: meta.model,
    choices,
    usage: usage(
      results.map((result) => result.prompt.length),
      results.flatMap((result) => result.outputs),
    ),
  };
}

/** The SSE payloads of a streamed completion: per choice an echo chunk, one chunk per token, a finish chunk. */
export function completionChunks(
  body: CompletionRequestBody,
  context: ServeContext,
  results: PromptResult[],
  meta: Meta,
): unknown[] {
  const chunk = (choice: Record<string, unknown>) => ({
    id: meta.id,
    object: 'text_completion',
    created: meta.created,
    model: meta.model,
    choices: [choice],
  });
  const asIds = body.return_tokens_as_token_ids;
  const chunks: unknown[] = [];
  results.forEach((result, p) => {
    const prompt = promptParts(context, result);
    result.outputs.forEach((output, j) => {
      const index = p * body.n + j;
      let offset = 0;
      const base = { index, finish_reason: null, stop_reason: null };
      if (body.echo || body.return_token_ids) {
        const echoEntries = result.prompt.map((id, t) => ({
          id,
          piece: prompt.pieces[t],
          logprob: t === 0 || !result.promptLogprobs ? null : result.promptLogprobs[t],
        }));
        chunks.push(
          chunk({
            ...base,
            text: body.echo ? prompt.text : '',
            logprobs: body.echo && body.logprobs != null ? completionLogprobs(asIds, echoEntries, 0) : null,
            ...(body.return_token_ids ? { prompt_token_ids: result.prompt, token_ids: [] } : {}),
          }),
        );
        if (body.echo) offset = prompt.text.length;
      }
      output.tokens.forEach((id, t) => {
        const piece = output.pieces[t];
        chunks.push(
          chunk({
            ...base,
            text: piece,
            logprobs:
              body.logprobs != null
                ? completionLogprobs(asIds, [{ id, piece, logprob: output.logprobs[t] }], offset)
                : null,
            ...(body.return_token_ids ? { token_ids: [id] } : {}),
          }),
        );
        offset += piece.length;
      });
      chunks.push(
        chunk({
          index,
          text: '',
          logprobs: null,
          finish_reason: output.finishReason,
          stop_reason: output.stopReason,
        }),
      );
    });
  });
  if (body.stream_options?.include_usage)
    chunks.push({
      id: meta.id,
      object: 'text_completion',
      created: meta.created,
      model: meta.model,
      choices: [],
      usage: usage(
        results.map((result) => result.prompt.length),
        results.flatMap((result) => result.outputs),
      ),
    });
  return chunks;
}
