/**
 * Sampled token ids → what the server returns: the text of each token (decoded incrementally, so a
 * character split over byte tokens lands on the token that completes it), stop strings applied, and
 * the finish and stop reasons vLLM reports. The engine stops on token ids only; a stop string is
 * found in the decoded text afterwards and the output cut at the token that completes it.
 */
import type { Completion } from '../../core/engine.ts';
import type { TextTokenizer } from '../../tokenizer/index.ts';

export interface OutputOptions {
  /** Ids that end generation (EOS, `<|im_end|>`, the request's stop_token_ids). */
  stopTokenIds: readonly number[];
  /** The request's own stop_token_ids: vLLM reports those as `stop_reason`, EOS as null. */
  requestStopTokenIds: readonly number[];
  stopStrings: readonly string[];
  includeStopString: boolean;
  skipSpecialTokens: boolean;
}

export interface DecodedOutput {
  /** Returned ids: the stop token kept when generation stopped on one, nothing after a stop string. */
  tokens: number[];
  logprobs: number[];
  /** Text of each returned token (the stop token's is empty); they join to `text`. */
  pieces: string[];
  text: string;
  finishReason: 'stop' | 'length';
  stopReason: string | number | null;
}

/** Text per token: each piece is what the token adds once the bytes before it decode cleanly. */
export function tokenPieces(
  tokenizer: TextTokenizer,
  tokens: readonly number[],
  skipSpecial: boolean,
): string[] {
  const options = { skipSpecialTokens: skipSpecial };
  const pieces: string[] = [];
  let prefixStart = 0;
  let readStart = 0;
  for (let i = 0; i < tokens.length; i++) {
    const before = tokenizer.decode(tokens.slice(prefixStart, readStart), options);
    const after = tokenizer.decode(tokens.slice(prefixStart, i + 1), options);
    if (after.length > before.length && !after.endsWith('\uFFFD')) {
      pieces.push(after.slice(before.length));
      prefixStart = readStart;
      readStart = i + 1;
    } else pieces.push('');
  }
  // bytes still held back (an incomplete character at the end) go to the last token
  if (readStart < tokens.length) {
    const rest = tokenizer.decode(tokens.slice(prefixStart), options);
    const settled = tokenizer.decode(tokens.slice(prefixStart, readStart), options);
    pieces[tokens.length - 1] += rest.slice(settled.length);
  }
  return pieces;
}

export function decodeOutput(
  tokenizer: TextTokenizer,
  completion: Pick<Completion, 'tokens' | 'logprobs' | 'finishReason'>,
  options: OutputOptions,
): DecodedOutput {
  const stops = new Set(options.stopTokenIds);
  const last = completion.tokens[completion.tokens.length - 1];
  const stoppedOnToken = completion.finishReason === 'stop' && last !== undefined && stops.has(last);
  const body = stoppedOnToken ? completion.tokens.slice(0, -1) : completion.tokens;
  const pieces = tokenPieces(tokenizer, body, options.skipSpecialTokens);
  const cut = findStopString(pieces.join(''), options.stopStrings);
  if (cut) return cutAtStopString(completion, pieces, cut, options.includeStopString);
  return {
    tokens: [...completion.tokens],
    logprobs: [...completion.logprobs],
    pieces: stoppedOnToken ? [...pieces, ''] : pieces,
    text: pieces.join(''),
    finishReason: completion.finishReason,
    stopReason: stoppedOnToken && options.requestStopTokenIds.includes(last) ? last : null,
  };
}

/** The earliest stop string in `text`: where it starts and which one. */
export function findStopString(
  text: string,
  stops: readonly string[],
): { index: number; stop: string } | undefined {
  let best: { index: number; stop: string } | undefined;
  for (const stop of stops) {
    const index = text.indexOf(stop);
    if (index !== -1 && (!best || index < best.index)) best = { index, stop };
  }
  return best;
}

function cutAtStopString(
  completion: Pick<Completion, 'tokens' | 'logprobs'>,
  pieces: string[],
  cut: { index: number; stop: string },
  includeStop: boolean,
): DecodedOutput {
  const stopEnd = cut.index + cut.stop.length;
  const textEnd = includeStop ? stopEnd : cut.index;
  const kept: string[] = [];
  let at = 0;
  let count = 0;
  // keep tokens up to the one that completes the stop string; clip their text at textEnd
  while (count < pieces.length && at < stopEnd) {
    const piece = pieces[count];
    kept.push(piece.slice(0, Math.max(0, textEnd - at)));
    at += piece.length;
    count++;
  }
  return {
    tokens: completion.tokens.slice(0, count),
    logprobs: completion.logprobs.slice(0, count),
    pieces: kept,
    text: kept.join(''),
    finishReason: 'stop',
    stopReason: cut.stop,
  };
}
