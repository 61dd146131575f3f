/** Response pieces both endpoints share: usage counts and the per-token log-prob entries. */
import type { DecodedOutput } from './output.ts';

export function usage(promptLengths: readonly number[], outputs: readonly Pick<DecodedOutput, 'tokens'>[]) {
  const prompt = promptLengths.reduce((sum, length) => sum + length, 0);
  const completion = outputs.reduce((sum, output) => sum + output.tokens.length, 0);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

/** The token as a client sees it: its text, or `token_id:N` when asked for (vLLM's return_tokens_as_token_ids). */
export function tokenLabel(asIds: boolean, id: number, piece: string): string {
  return asIds ? `token_id:${id}` : piece;
}

/** Chat `logprobs.content`: one entry per generated token; top_logprobs holds the sampled token itself when asked. */
export function logprobContent(
  body: { top_logprobs?: number | null; return_tokens_as_token_ids: boolean },
  output: Pick<DecodedOutput, 'tokens' | 'logprobs' | 'pieces'>,
) {
  return output.tokens.map((id, t) => {
    const token = tokenLabel(body.return_tokens_as_token_ids, id, output.pieces[t] ?? '');
    const entry = { token, logprob: output.logprobs[t], bytes: [...Buffer.from(token, 'utf8')] };
    return { ...entry, top_logprobs: (body.top_logprobs ?? 0) > 0 ? [entry] : [] };
  });
}

/** Completion-style `logprobs` (`tokens`, `token_logprobs`, `top_logprobs`, `text_offset`). */
export function completionLogprobs(
  asIds: boolean,
  entries: readonly { id: number; piece: string; logprob: number | null }[],
  startOffset: number,
) {
  const tokens: string[] = [];
  const tokenLogprobs: (number | null)[] = [];
  const top: (Record<string, number> | null)[] = [];
  const offsets: number[] = [];
  let offset = startOffset;
  for (const entry of entries) {
    const label = tokenLabel(asIds, entry.id, entry.piece);
    tokens.push(label);
    tokenLogprobs.push(entry.logprob);
    top.push(entry.logprob === null ? null : { [label]: entry.logprob });
    offsets.push(offset);
    offset += entry.piece.length;
  }
  return { text_offset: offsets, token_logprobs: tokenLogprobs, tokens, top_logprobs: top };
}
