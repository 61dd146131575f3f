/**
 * Sentence counting in the manner of NLTK's Punkt English model, which IFEval's
 * `length_constraints:number_sentences` uses. Punkt's algorithm is reproduced (candidate ends are
 * `.?!` followed by whitespace or punctuation; the last candidate of a word decides; tokens are
 * classified as abbreviation, initial, number, ellipsis or ordinary; a period after an abbreviation,
 * initial or number is a break or not depending on the next word). What cannot be reproduced without
 * the trained `english.pickle` is approximated: its abbreviation list by common English
 * abbreviations, its orthographic statistics by a list of common words that start sentences
 * (a capitalised one after an abbreviation or ellipsis ends the sentence; a lowercase word after an
 * initial or number continues it), and its collocation table is left out. Newlines are not breaks,
 * as in Punkt.
 */
import { isPySpace, PY_SPACE_CLASS, pyRStrip } from './python-string.ts';

/** Periods after these (lowercase, without the final period) do not end a sentence by themselves. */
export const ABBREVIATIONS = new Set(
  (
    'mr mrs ms dr prof st jr sr inc ltd co corp bros messrs mt ft ave blvd rd dept gov gen sen rep rev ' +
    'col lt sgt capt cmdr adm maj cpl pvt hon esq vs etc e.g i.e cf al approx est no nos vol vols pp ' +
    'fig figs jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thurs fri sat sun ' +
    'a.m p.m u.s u.s.a u.k u.n d.c n.y l.a calif fla ill mass mich minn tex conn ariz ala ark colo del ' +
    'ga ind kan ky la md mo mont neb nev okla ore pa tenn va wash wis wyo inc corp plc s.a n.v'
  ).split(' '),
);

/** Common words that start sentences: Punkt's orthographic evidence says these begin a new one. */
export const SENTENCE_STARTERS = new Set(
  (
    'the a an this that these those it its he she we they you i there here his her their our my your ' +
    'but and or so yet for nor if when while as after before since because although though however ' +
    'also then thus therefore meanwhile finally first second third next now today in on at by with ' +
    'from to of into during without about what how why where who which whose whom some many most ' +
    'all each every both no not none one two three other another such only just even still always ' +
    'never sometimes often let please do does did is are was were be have has had can could will ' +
    'would should may might must yes well oh instead besides moreover furthermore overall indeed ' +
    'again once last another like unlike despite according'
  ).split(' '),
);

/** Punctuation that may follow a sentence-final mark directly (Punkt's "non-word" characters). */
const NON_WORD = `)";}]*:@'({[!?`;
const SENTENCE_END = '.?!';
const ASCII_WHITESPACE = ' \t\n\r\x0b\x0c';
/** Characters Punkt never starts a word with: each is a token of its own. */
const NOT_WORD_START = '("`{[:;&#*@)}]-,';
const NUMBER = /^-?[.,]?\p{Nd}[\p{Nd},.-]*\.?$/u;
const INITIAL = /^[\p{L}_]\.$/u;
const ELLIPSIS = /^\.\.+$/;
const ORTHO_PUNCTUATION = [';', ':', ',', '.', '!', '?'];
const PY_SPACE_RUN = new RegExp(`[${PY_SPACE_CLASS}]+`);

interface Candidate {
  /** Index of the `.?!` that may end a sentence. */
  end: number;
  /** What Punkt annotates: the word it closes, the mark, and what follows (one mark, or whitespace and a word). */
  context: string;
  /** Where the following sentence would start. */
  nextStart: number;
}

/** Length of the Punkt token that starts at `at` in a whitespace-free word. */
function tokenLength(word: string, at: number): number {
  const multi = /^(-{2,}|\.{2,})/.exec(word.slice(at));
  if (multi) return multi[0].length;
  if (NOT_WORD_START.includes(word[at])) return 1;
  let end = at + 1;
  while (end < word.length) {
    const char = word[end];
    if (NON_WORD.includes(char) || word.startsWith('--', end) || word.startsWith('..', end)) break;
    // A comma ends a word only where the word (or a run of punctuation) ends.
    const after = word.slice(end + 1);
    if (char === ',' && (after === '' || NON_WORD.includes(after[0]) || /^(--|\.\.)/.test(after))) break;
    end++;
  }
  return end - at;
}

/** Punkt's word tokens: whitespace-separated words, split further at punctuation. */
function punktTokens(text: string): string[] {
  const tokens: string[] = [];
  for (const word of text.split(PY_SPACE_RUN)) {
    let at = 0;
    while (at < word.length) {
      const length = tokenLength(word, at);
      tokens.push(word.slice(at, at + length));
      at += length;
    }
  }
  return tokens;
}

interface Token {
  text: string;
  /** Lowercased, with numbers collapsed to `##number##`. */
  type: string;
  sentbreak: boolean;
  abbreviation: boolean;
  ellipsis: boolean;
}

function typeNoPeriod(token: Token): string {
  return token.type.length > 1 && token.type.endsWith('.') ? token.type.slice(0, -1) : token.type;
}

function typeNoSentPeriod(token: Token): string {
  return token.sentbreak ? typeNoPeriod(token) : token.type;
}

function startsUpper(token: Token): boolean {
  const first = token.text[0];
  return first.toLowerCase() !== first && first.toUpperCase() === first;
}

function startsLower(token: Token): boolean {
  const first = token.text[0];
  return first.toUpperCase() !== first && first.toLowerCase() === first;
}

/** First pass: sentence marks break, dot runs are ellipses, a final period is an abbreviation's or a break. */
function firstPass(text: string): Token {
  const type = text.toLowerCase().replace(NUMBER, '##number##');
  const token: Token = { text, type, sentbreak: false, abbreviation: false, ellipsis: false };
  if (SENTENCE_END.includes(text) && text.length === 1) token.sentbreak = true;
  else if (ELLIPSIS.test(text)) token.ellipsis = true;
  else if (text.endsWith('.') && !text.endsWith('..')) {
    const bare = text.slice(0, -1).toLowerCase();
    if (ABBREVIATIONS.has(bare) || ABBREVIATIONS.has(bare.split('-').pop()!)) token.abbreviation = true;
    else token.sentbreak = true;
  }
  return token;
}

/**
 * Punkt's orthographic heuristic: does `token` start a sentence (true), not (false), or unknown?
 * Approximation: a capitalised common sentence starter starts one; a lowercase word does not.
 */
function startsSentence(token: Token): boolean | 'unknown' {
  if (ORTHO_PUNCTUATION.includes(token.text)) return false;
  if (startsUpper(token) && SENTENCE_STARTERS.has(typeNoSentPeriod(token))) return true;
  if (startsLower(token)) return false;
  return 'unknown';
}

/** Second pass over a pair: an abbreviation, ellipsis, initial or number may change its mind. */
function secondPass(token: Token, next: Token): void {
  if (!token.text.endsWith('.')) return;
  const initial = INITIAL.test(token.text);
  if ((token.abbreviation || token.ellipsis) && !initial) {
    if (startsSentence(next) === true) {
      token.sentbreak = true;
      return;
    }
  }
  if (initial || typeNoPeriod(token) === '##number##') {
    const starts = startsSentence(next);
    // After an initial, a capitalised word Punkt has not seen in lowercase is a name, not a new sentence.
    if (starts === false || (starts === 'unknown' && initial && startsUpper(next))) {
      token.sentbreak = false;
      token.abbreviation = true;
    }
  }
}

/** Punkt's `text_contains_sentbreak`: some token other than the last ends a sentence. */
function containsBreak(context: string): boolean {
  const tokens = punktTokens(context).map(firstPass);
  for (let i = 0; i + 1 < tokens.length; i++) {
    secondPass(tokens[i], tokens[i + 1]);
    if (tokens[i].sentbreak) return true;
  }
  return false;
}

/** Index of the last ASCII whitespace in `text[from, to)`, relative to `from`; 0 when there is none. */
function lastWhitespace(text: string, from: number, to: number): number {
  for (let i = to - 1; i >= from; i--) if (ASCII_WHITESPACE.includes(text[i])) return i - from;
  return 0;
}

/** What follows a candidate mark: one punctuation mark, or whitespace and the next word; undefined if neither. */
function afterMark(text: string, at: number): { after: string; nextStart: number } | undefined {
  const first = text[at];
  if (first === undefined) return undefined;
  if (NON_WORD.includes(first)) return { after: first, nextStart: at };
  if (!isPySpace(first)) return undefined;
  let nextStart = at;
  while (nextStart < text.length && isPySpace(text[nextStart])) nextStart++;
  let nextEnd = nextStart;
  while (nextEnd < text.length && !isPySpace(text[nextEnd])) nextEnd++;
  return nextEnd > nextStart ? { after: text.slice(at, nextEnd), nextStart } : undefined;
}

/**
 * Every `.?!` followed by punctuation or by whitespace and more text, with the word before it; of
 * several marks in one word only the last is kept (Punkt's `_match_potential_end_contexts`, whose
 * quirks, such as a mark at the very start of a word counting on its own, are kept too).
 */
function candidates(text: string): Candidate[] {
  const found: Candidate[] = [];
  let previous: { end: number; after: string; nextStart: number } | undefined;
  let wordStart = 0;
  let wordEnd = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // `.`, `?`, `!`
    if (code !== 0x2e && code !== 0x3f && code !== 0x21) continue;
    const following = afterMark(text, i + 1);
    if (!following) continue;
    const space = lastWhitespace(text, wordEnd, i);
    const start = space ? space + wordEnd + 1 : wordStart;
    if (previous && wordEnd <= start) {
      const context = text.slice(wordStart, wordEnd) + text[previous.end] + previous.after;
      found.push({ end: previous.end, context, nextStart: previous.nextStart });
    }
    previous = { end: i, ...following };
    wordStart = start;
    wordEnd = i;
  }
  if (previous) {
    const context = text.slice(wordStart, wordEnd) + text[previous.end] + previous.after;
    found.push({ end: previous.end, context, nextStart: previous.nextStart });
  }
  return found;
}

const CLOSING = `"')]}`;

/** Closing quotes or brackets at a sentence's start that belong to the sentence before (Punkt's realignment). */
const MOVES_BACK =
  /^["')\]}]+?(?:[\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|(?=--)|(?![^\n]))/;

/** `[start, end)` of each sentence Punkt would find in `text` (none for blank text). */
export function sentenceSpans(text: string): [number, number][] {
  const slices: [number, number][] = [];
  let lastBreak = 0;
  for (const candidate of candidates(text)) {
    if (!containsBreak(candidate.context)) continue;
    slices.push([lastBreak, candidate.end + 1]);
    lastBreak = candidate.nextStart;
  }
  let end = text.length;
  while (end > 0 && isPySpace(text[end - 1])) end--;
  slices.push([lastBreak, end]);
  const spans: [number, number][] = [];
  let realign = 0;
  for (let i = 0; i < slices.length; i++) {
    const start = slices[i][0] + realign;
    const stop = slices[i][1];
    const next = slices[i + 1];
    if (next === undefined) {
      if (stop > start) spans.push([start, stop]);
      continue;
    }
    const moved = CLOSING.includes(text[next[0]]) ? MOVES_BACK.exec(text.slice(next[0], next[1])) : null;
    if (moved) {
      spans.push([start, next[0] + pyRStrip(moved[0]).length]);
      realign = moved[0].length;
    } else {
      realign = 0;
      if (stop > start) spans.push([start, stop]);
    }
  }
  return spans;
}

/** The sentences Punkt would find in `text`. */
export function splitSentences(text: string): string[] {
  return sentenceSpans(text).map(([start, stop]) => text.slice(start, stop));
}

/** Number of sentences Punkt would find in `text` (0 for blank text). */
export function countSentences(text: string): number {
  return sentenceSpans(text).length;
}
