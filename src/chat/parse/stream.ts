/**
 * Incremental parsing of a streamed completion. Each `push` returns the reasoning and answer text
 * that can no longer change; text that might still turn out to be a marker (`</think>`,
 * `<tool_call>`, `<function=`, trailing newlines) is held back. `finish` returns the rest and the
 * tool calls. Concatenating the deltas gives exactly what `parse` gives for the whole text.
 *
 * Work per push is proportional to the chunk: markers are searched only in new text, and text no
 * decision can depend on any more is moved out of the live window (V8 copies a string each time
 * one that grew by `+=` is read, so one ever-growing string would make streaming quadratic).
 */
import type { ParsedOutput } from '../../core/messages.ts';
import { type ParseOptions, parse, THINK_CLOSE, THINK_OPEN } from './parse.ts';

export interface StreamDelta {
  reasoning: string;
  content: string;
}

export interface StreamParser {
  push(chunk: string): StreamDelta;
  finish(): StreamDelta & { result: ParsedOutput };
}

const TOOL_OPEN = '<tool_call>';
const FUNCTION_OPEN = '<function=';
const LONGEST_MARKER = 16;
const COMPACT_AFTER = 4096;

/** A growing range of the text (absolute indices): emitted up to `end`. */
interface Span {
  /** Where the region begins; its leading newlines are skipped once a non-newline arrives. */
  regionStart: number;
  start: number | undefined;
  end: number;
  /** No more text can be emitted for this span before `finish`. */
  closed: boolean;
}

/** The text seen so far: settled chunks plus a live window starting at absolute `offset`. */
class StreamText {
  private settled: string[] = [];
  private live = '';
  private offset = 0;

  get length(): number {
    return this.offset + this.live.length;
  }
  append(chunk: string): void {
    this.live += chunk;
  }
  charAt(i: number): string {
    return this.live[i - this.offset];
  }
  indexOf(marker: string, from: number): number {
    const at = this.live.indexOf(marker, Math.max(0, from - this.offset));
    return at === -1 ? -1 : at + this.offset;
  }
  slice(start: number, end: number): string {
    return this.live.slice(start - this.offset, end - this.offset);
  }
  endsWith(suffix: string): boolean {
    return this.live.endsWith(suffix);
  }
  /** Moves text before `watermark` out of the live window once enough has piled up. */
  settle(watermark: number): void {
    if (watermark - this.offset < COMPACT_AFTER) return;
    this.settled.push(this.live.slice(0, watermark - this.offset));
    this.live = this.live.slice(watermark - this.offset);
    this.offset = watermark;
  }
  whole(): string {
    return this.settled.join('') + this.live;
  }
}

export function createStreamParser(options: ParseOptions): StreamParser {
  const thinking = (options.mode ?? 'think') === 'think';
  const text = new StreamText();
  // Index where the body after a leading `<think>` starts (undefined while still undecided).
  let bodyStart: number | undefined = thinking ? undefined : 0;
  let thinkClose = -1;
  let reasoningScanFrom = 0;
  let implicitCandidate = -1;
  let implicitScanFrom = 0;
  let answerMarker = -1;
  let answerScanFrom = 0;
  let emittedReasoning = 0;
  let emittedContent = 0;
  const reasoning: Span = { regionStart: 0, start: undefined, end: 0, closed: !thinking };
  const content: Span = { regionStart: 0, start: undefined, end: 0, closed: false };

  function advance(span: Span, safeEnd: number): string {
    if (span.start === undefined) {
      let i = span.regionStart;
      while (i < safeEnd && text.charAt(i) === '\n') i++;
      if (i === safeEnd) return '';
      span.start = i;
      span.end = i;
    }
    // Trailing newlines are either trimmed at the end or wait for the text that follows them.
    let end = safeEnd;
    while (end > span.start && text.charAt(end - 1) === '\n') end--;
    if (end <= span.end) return '';
    const delta = text.slice(span.end, end);
    span.end = end;
    return delta;
  }

  function answerSafeEnd(regionStart: number): number {
    if (answerMarker === -1) {
      const from = Math.max(regionStart, answerScanFrom - LONGEST_MARKER);
      // (answerScanFrom is 0 until the answer starts; `regionStart` bounds the first search.)
      const found = [text.indexOf(TOOL_OPEN, from), text.indexOf(FUNCTION_OPEN, from)].filter(
        (i) => i !== -1,
      );
      if (found.length > 0) answerMarker = Math.min(...found);
      answerScanFrom = text.length;
    }
    if (answerMarker !== -1) {
      content.closed = true;
      return answerMarker;
    }
    return partialSuffixStart(text, regionStart, [TOOL_OPEN, FUNCTION_OPEN]);
  }

  function step(): StreamDelta {
    if (bodyStart === undefined) {
      let lead = 0;
      while (lead < text.length && /\s/.test(text.charAt(lead))) lead++;
      const rest = text.slice(lead, Math.min(text.length, lead + THINK_OPEN.length));
      if (rest.length < THINK_OPEN.length && THINK_OPEN.startsWith(rest))
        return { reasoning: '', content: '' };
      bodyStart = rest === THINK_OPEN ? lead + THINK_OPEN.length : 0;
      reasoning.regionStart = bodyStart;
      reasoningScanFrom = bodyStart;
      implicitScanFrom = bodyStart;
    }
    if (!thinking) return { reasoning: '', content: advance(content, answerSafeEnd(0)) };
    if (thinkClose === -1) {
      thinkClose = text.indexOf(THINK_CLOSE, Math.max(bodyStart, reasoningScanFrom - LONGEST_MARKER));
      reasoningScanFrom = text.length;
      if (thinkClose !== -1) content.regionStart = thinkClose + THINK_CLOSE.length;
    }
    if (thinkClose !== -1) {
      const reasoningDelta = reasoning.closed ? '' : advance(reasoning, thinkClose);
      reasoning.closed = true;
      return { reasoning: reasoningDelta, content: advance(content, answerSafeEnd(content.regionStart)) };
    }
    implicitCandidate = possibleImplicitEnd(text, Math.max(bodyStart, implicitScanFrom));
    implicitScanFrom = implicitCandidate < text.length ? implicitCandidate : text.length - LONGEST_MARKER;
    const cut = Math.min(implicitCandidate, partialSuffixStart(text, bodyStart, [THINK_CLOSE, TOOL_OPEN]));
    return { reasoning: advance(reasoning, cut), content: '' };
  }

  /** The earliest position a later step may still read. */
  function watermark(): number {
    if (bodyStart === undefined) return 0;
    const marks = [text.length - LONGEST_MARKER];
    if (thinking && thinkClose === -1) marks.push(reasoningScanFrom - LONGEST_MARKER, implicitScanFrom);
    const inAnswer = !thinking || thinkClose !== -1;
    if (inAnswer && answerMarker === -1) marks.push(answerScanFrom - LONGEST_MARKER);
    const open = inAnswer ? [content] : [reasoning];
    for (const span of open) {
      if (!span.closed) marks.push(span.start === undefined ? span.regionStart : span.end);
    }
    return Math.max(0, Math.min(...marks));
  }

  return {
    push(chunk) {
      text.append(chunk);
      const delta = step();
      emittedReasoning += delta.reasoning.length;
      emittedContent += delta.content.length;
      text.settle(watermark());
      return delta;
    },
    finish() {
      const result = parse(text.whole(), options);
      // Held-back text is released now; what was emitted is always a prefix of the final result.
      return {
        reasoning: (result.reasoning ?? '').slice(emittedReasoning),
        content: (result.content ?? '').slice(emittedContent),
        result,
      };
    },
  };
}

/**
 * The first `<tool_call>` at or after `from` that is, or may still become, an implicit end of
 * reasoning (`<tool_call>\s*<function[\s=]`); the text length when there is none.
 */
function possibleImplicitEnd(text: StreamText, from: number): number {
  const opening = '<function';
  let at = text.indexOf(TOOL_OPEN, from);
  while (at !== -1) {
    let i = at + TOOL_OPEN.length;
    while (i < text.length && /\s/.test(text.charAt(i))) i++;
    const after = text.slice(i, Math.min(text.length, i + opening.length + 1));
    const possible =
      after.length <= opening.length ? opening.startsWith(after) : /^<function[\s=]$/.test(after);
    if (possible) return at;
    at = text.indexOf(TOOL_OPEN, at + 1);
  }
  return text.length;
}

/** Start of the longest suffix of text[from:] that is a proper prefix of one of the markers. */
function partialSuffixStart(text: StreamText, from: number, markers: string[]): number {
  let start = text.length;
  for (const marker of markers) {
    for (let length = Math.min(marker.length - 1, text.length - from); length > 0; length--) {
      if (text.endsWith(marker.slice(0, length))) {
        start = Math.min(start, text.length - length);
        break;
      }
    }
  }
  return start;
}
