/**
 * A small equivalent of `nltk.sent_tokenize` (Punkt, English model), which IFBench's
 * `split_into_sentences` calls. The candidate ends, the context each one is judged in, the token
 * rules (abbreviation, ellipsis, initial, number) and the boundary realignment follow Punkt; the
 * trained model is replaced by two short word lists. Approximation: Punkt's learned abbreviation
 * list, collocations and orthographic statistics are reduced to ABBREVIATIONS and SENTENCE_STARTERS.
 */
import { isPyLower, isPyUpper } from './text.ts';

/** Common entries of the English model's abbreviation list, lowercased, without the final period. */
const ABBREVIATIONS: ReadonlySet<string> = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'st',
  'jr',
  'sr',
  'vs',
  'e.g',
  'i.e',
  'u.s',
  'u.s.a',
  'u.k',
  'a.m',
  'p.m',
  'inc',
  'ltd',
  'co',
  'corp',
  'jan',
  'feb',
  'aug',
  'sept',
  'oct',
  'nov',
  'dec',
  'gen',
  'gov',
  'sen',
  'rep',
  'lt',
  'col',
  'sgt',
  'capt',
  'mt',
  'ft',
  'fig',
  'vol',
  'cf',
  'approx',
  'dept',
]);

/** Capitalised, these start a sentence even after an abbreviation or ellipsis (Punkt's orthographic heuristic). */
const SENTENCE_STARTERS: ReadonlySet<string> = new Set([
  'the',
  'this',
  'that',
  'these',
  'those',
  'there',
  'then',
  'they',
  'he',
  'she',
  'it',
  'we',
  'you',
  'but',
  'and',
  'or',
  'so',
  'if',
  'in',
  'on',
  'at',
  'as',
  'for',
  'however',
  'a',
  'an',
  'his',
  'her',
  'its',
  'their',
  'our',
  'my',
  'what',
  'when',
  'where',
  'why',
  'how',
  'while',
  'after',
  'before',
  'although',
  'also',
  'some',
  'many',
  'most',
  'all',
  'one',
  'not',
  'no',
  'yes',
  'meanwhile',
  'finally',
  'today',
]);

const NON_WORD = `[)";}\\]*:@'({\\[!?]`;
const MULTI_CHAR = `(?:-{2,}|\\.{2,}|(?:\\.\\s){2,}\\.)`;
const WORD_START = '[^("`{\\[:;&#*@)}\\]\\-,]';
/** A sentence-end character followed by punctuation, or by whitespace and a token (`next_tok`). */
const PERIOD_CONTEXT = new RegExp(`[.?!](?=(${NON_WORD}|\\s+(\\S+)))`, 'gu');
/** Punkt's own word tokenizer, used only to judge one candidate's context. */
const PUNKT_WORD = new RegExp(
  `${MULTI_CHAR}|(?=${WORD_START})\\S+?(?=\\s|$|${NON_WORD}|${MULTI_CHAR}|,(?=$|\\s|${NON_WORD}|${MULTI_CHAR}))|\\S`,
  'gu',
);
const BOUNDARY_REALIGNMENT = /^["')\]}]+?(?:\s+|(?=--)|$)/u;
const NUMBER = /^-?[.,]?\p{Nd}[\p{Nd},.-]*\.?$/u;
const ASCII_WHITESPACE = ' \t\n\r\x0b\x0c';

interface Token {
  readonly text: string;
  sentbreak: boolean;
  abbr: boolean;
  ellipsis: boolean;
}

function tokenType(token: string): string {
  const lower = token.toLowerCase();
  return NUMBER.test(lower) ? '##number##' : lower;
}

function typeNoPeriod(token: string): string {
  const type = tokenType(token);
  return type.length > 1 && type.endsWith('.') ? type.slice(0, -1) : type;
}

function firstChar(token: string): string {
  return Array.from(token)[0] ?? '';
}

function annotateFirstPass(text: string): Token {
  const token: Token = { text, sentbreak: false, abbr: false, ellipsis: false };
  if (text === '.' || text === '?' || text === '!') token.sentbreak = true;
  else if (/^\.\.+$/.test(text)) token.ellipsis = true;
  else if (text.endsWith('.') && !text.endsWith('..')) {
    const stem = text.slice(0, -1).toLowerCase();
    const lastPart = stem.split('-').at(-1) ?? stem;
    if (ABBREVIATIONS.has(stem) || ABBREVIATIONS.has(lastPart)) token.abbr = true;
    else token.sentbreak = true;
  }
  return token;
}

/** Punkt's `_ortho_heuristic`: whether `next` starts a sentence (true), cannot (false) or may ('unknown'). */
function startsSentence(next: Token): boolean | 'unknown' {
  if (next.text !== '' && ';:,.!?'.includes(next.text)) return false;
  const first = firstChar(next.text);
  if (isPyUpper(first)) return SENTENCE_STARTERS.has(typeNoPeriod(next.text)) ? true : 'unknown';
  if (isPyLower(first)) return false;
  return 'unknown';
}

function annotateSecondPass(token: Token, next: Token): void {
  if (!token.text.endsWith('.')) return;
  const isInitial = /^[\p{L}_]\.$/u.test(token.text);
  if ((token.abbr || token.ellipsis) && !isInitial && startsSentence(next) === true) {
    token.sentbreak = true;
    return;
  }
  if (isInitial || typeNoPeriod(token.text) === '##number##') {
    const starter = startsSentence(next);
    const nextCapitalised = isPyUpper(firstChar(next.text));
    if (starter === false || (starter === 'unknown' && isInitial && nextCapitalised)) {
      token.sentbreak = false;
      token.abbr = true;
    }
  }
}

/** Punkt's `text_contains_sentbreak`: a token that breaks, followed by any other token. */
function containsSentenceBreak(context: string): boolean {
  const tokens = (context.match(PUNKT_WORD) ?? []).map(annotateFirstPass);
  for (let index = 0; index + 1 < tokens.length; index++)
    annotateSecondPass(tokens[index], tokens[index + 1]);
  let found = false;
  for (const token of tokens) {
    if (found) return true;
    if (token.sentbreak) found = true;
  }
  return false;
}

function lastAsciiWhitespaceIndex(text: string): number {
  for (let index = text.length - 1; index >= 0; index--)
    if (ASCII_WHITESPACE.includes(text[index])) return index;
  return 0; // Punkt returns 0 for "none", so a space at index 0 also reads as none
}

interface Candidate {
  readonly end: number;
  readonly nextStart: number | undefined;
  readonly context: string;
}

/** Punkt's `_match_potential_end_contexts`: a candidate with no whitespace before the next one is dropped. */
function candidates(text: string): Candidate[] {
  const out: Candidate[] = [];
  let previous: { match: RegExpExecArray; start: number; stop: number } | undefined;
  const emit = (entry: { match: RegExpExecArray; start: number; stop: number }) => {
    const { match } = entry;
    const afterToken = match[1];
    const nextToken = match[2];
    out.push({
      end: match.index + 1,
      nextStart: nextToken === undefined ? undefined : match.index + 1 + afterToken.length - nextToken.length,
      context: text.slice(entry.start, entry.stop) + match[0] + afterToken,
    });
  };
  for (const match of text.matchAll(PERIOD_CONTEXT) as IterableIterator<RegExpExecArray>) {
    const previousStop = previous?.stop ?? 0;
    const whitespace = lastAsciiWhitespaceIndex(text.slice(previousStop, match.index));
    const start = whitespace ? whitespace + previousStop + 1 : (previous?.start ?? 0);
    if (previous && previous.stop <= start) emit(previous);
    previous = { match, start, stop: match.index };
  }
  if (previous) emit(previous);
  return out;
}

/** Sentence spans before realignment: break after each candidate whose context breaks. */
function sentenceSlices(text: string): [number, number][] {
  const slices: [number, number][] = [];
  let lastBreak = 0;
  for (const candidate of candidates(text)) {
    if (!containsSentenceBreak(candidate.context)) continue;
    slices.push([lastBreak, candidate.end]);
    lastBreak = candidate.nextStart ?? candidate.end;
  }
  slices.push([lastBreak, text.trimEnd().length]);
  return slices;
}

/** Punkt's `_realign_boundaries`: closing quotes and brackets move to the sentence they close. */
function realign(text: string, slices: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  let shift = 0;
  for (let index = 0; index < slices.length; index++) {
    const first: [number, number] = [slices[index][0] + shift, slices[index][1]];
    const second = slices[index + 1];
    const nonEmpty = first[1] > first[0];
    if (second === undefined) {
      if (nonEmpty) out.push(first);
      continue;
    }
    const match = BOUNDARY_REALIGNMENT.exec(text.slice(second[0], second[1]));
    if (match) {
      out.push([first[0], second[0] + match[0].trimEnd().length]);
      shift = match[0].length;
    } else {
      shift = 0;
      if (nonEmpty) out.push(first);
    }
  }
  return out;
}

/** `nltk.sent_tokenize(text)` (English Punkt), approximated as the module comment says. */
export function sentTokenize(text: string): string[] {
  return realign(text, sentenceSlices(text)).map(([start, stop]) => text.slice(start, stop));
}
