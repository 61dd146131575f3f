/**
 * Python string semantics the IFBench checkers are written against (`string.punctuation`,
 * `str.split()`, `str.strip(chars)`, `str.islower()`, Unicode `\w`), so each checker can read like
 * its reference. Strings are handled as code points, as Python indexes them, never UTF-16 units.
 */

/** Python's `string.punctuation`: the 32 ASCII punctuation characters. */
export const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

/** `string.punctuation + ' '`, the strip set most IFBench checkers use. */
export const PUNCTUATION_AND_SPACE = `${PUNCTUATION} `;

/** Python's `\w` in a Unicode pattern: letters, digits (any script) and underscore. */
export const WORD_CHAR = '[\\p{L}\\p{N}_]';

const PYTHON_WHITESPACE = /[\s\x1c-\x1f\x85]/u;
const PYTHON_WHITESPACE_RUN = /[\s\x1c-\x1f\x85]+/u;

/** The code points of `text`, as Python indexes a `str`. */
export function codePoints(text: string): string[] {
  return Array.from(text);
}

/** `len(text)` in Python: the number of code points. */
export function pyLength(text: string): number {
  return codePoints(text).length;
}

export function isPyWhitespace(char: string): boolean {
  return PYTHON_WHITESPACE.test(char);
}

/** `text.split()`: whitespace runs split, no empty pieces. */
export function pySplit(text: string): string[] {
  return text.split(PYTHON_WHITESPACE_RUN).filter((piece) => piece !== '');
}

/** `text.strip()` with no argument. */
export function pyStrip(text: string): string {
  return pyStripChars(text, undefined);
}

function stripEnds(text: string, drop: (char: string) => boolean, left: boolean, right: boolean): string {
  const chars = codePoints(text);
  let start = 0;
  let end = chars.length;
  if (left) while (start < end && drop(chars[start])) start++;
  if (right) while (end > start && drop(chars[end - 1])) end--;
  return chars.slice(start, end).join('');
}

function dropper(chars: string | undefined): (char: string) => boolean {
  return chars === undefined ? isPyWhitespace : (char) => chars.includes(char);
}

/** `text.strip(chars)`; `undefined` strips whitespace. */
export function pyStripChars(text: string, chars: string | undefined): string {
  return stripEnds(text, dropper(chars), true, true);
}

export function pyLstripChars(text: string, chars: string | undefined): string {
  return stripEnds(text, dropper(chars), true, false);
}

export function pyRstripChars(text: string, chars: string | undefined): string {
  return stripEnds(text, dropper(chars), false, true);
}

/** `text.translate(str.maketrans('', '', string.punctuation))`. */
export function removePunctuation(text: string): string {
  let out = '';
  for (const char of text) if (!PUNCTUATION.includes(char)) out += char;
  return out;
}

/** `word.strip(string.punctuation + ' ')`. */
export function stripPunctuation(word: string): string {
  return pyStripChars(word, PUNCTUATION_AND_SPACE);
}

function isCased(char: string): boolean {
  return char.toLowerCase() !== char.toUpperCase();
}

/** `text.islower()`: at least one cased character and no uppercase one. */
export function isPyLower(text: string): boolean {
  let cased = false;
  for (const char of text) {
    if (!isCased(char)) continue;
    if (char !== char.toLowerCase()) return false;
    cased = true;
  }
  return cased;
}

/** `text.isupper()`: at least one cased character and no lowercase one. */
export function isPyUpper(text: string): boolean {
  let cased = false;
  for (const char of text) {
    if (!isCased(char)) continue;
    if (char !== char.toUpperCase()) return false;
    cased = true;
  }
  return cased;
}

/** `text.isalpha()`. */
export function isPyAlpha(text: string): boolean {
  return /^\p{L}+$/u.test(text);
}

/** `text.isdigit()` (decimal digits of any script; Python also counts superscripts, rare enough to skip). */
export function isPyDigit(text: string): boolean {
  return /^\p{Nd}+$/u.test(text);
}

/** `any(ch.isalnum() for ch in text)`. */
export function hasAlnum(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}

/** The value of a decimal digit of any script (Unicode lays each script's 0–9 out in one run). */
export function digitValue(char: string): number {
  let codePoint = char.codePointAt(0)!;
  let steps = 0;
  while (steps < 10 && /\p{Nd}/u.test(String.fromCodePoint(codePoint - 1))) {
    codePoint--;
    steps++;
  }
  return steps % 10;
}

/** `int(text)` for a run of decimal digits. */
export function pyInt(digits: string): number {
  let value = 0;
  for (const char of digits) value = value * 10 + digitValue(char);
  return value;
}

/** `unicodedata.normalize('NFKD', text).encode('ASCII', 'ignore').decode()`: accents dropped. */
export function asciiFold(text: string): string {
  return text.normalize('NFKD').replace(/[^\x00-\x7f]/gu, '');
}

/** Python's default string order (by code point), for `sorted()`. */
export function compareCodePoints(left: string, right: string): number {
  const a = codePoints(left);
  const b = codePoints(right);
  for (let index = 0; index < Math.min(a.length, b.length); index++) {
    const difference = a[index].codePointAt(0)! - b[index].codePointAt(0)!;
    if (difference !== 0) return difference;
  }
  return a.length - b.length;
}

/** `text.count(sub)`: non-overlapping occurrences, left to right. */
export function countOccurrences(text: string, sub: string): number {
  if (sub === '') return pyLength(text) + 1;
  return text.split(sub).length - 1;
}

/** `re.escape` for a JS pattern with the u flag (which rejects escaping anything but syntax characters). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** IFBench's `count_words`: tokens of NLTK's `RegexpTokenizer(r"\w+")`. */
export function wordTokens(text: string): string[] {
  return text.match(/[\p{L}\p{N}_]+/gu) ?? [];
}

export function countWords(text: string): number {
  return wordTokens(text).length;
}

/** NLTK's English stop-word list (the classic 179 words) that IFBench's `count_stopwords` reads. */
export const ENGLISH_STOPWORDS: ReadonlySet<string> = new Set(
  (
    "i me my myself we our ours ourselves you you're you've you'll you'd your yours yourself yourselves " +
    "he him his himself she she's her hers herself it it's its itself they them their theirs themselves " +
    "what which who whom this that that'll these those am is are was were be been being have has had having " +
    'do does did doing a an the and but if or because as until while of at by for with about against between ' +
    'into through during before after above below to from up down in out on off over under again further then ' +
    'once here there when where why how all any both each few more most other some such no nor not only own ' +
    "same so than too very s t can will just don don't should should've now d ll m o re ve y ain aren " +
    "aren't couldn couldn't didn didn't doesn doesn't hadn hadn't hasn hasn't haven haven't isn isn't " +
    "ma mightn mightn't mustn mustn't needn needn't shan shan't shouldn shouldn't wasn wasn't weren " +
    "weren't won won't wouldn wouldn't"
  ).split(' '),
);

/** IFBench's `count_stopwords`: `\w+` tokens whose lowercase form is an NLTK English stop word. */
export function countStopwords(text: string): number {
  return wordTokens(text).filter((token) => ENGLISH_STOPWORDS.has(token.toLowerCase())).length;
}

function isWordChar(char: string | undefined): boolean {
  return char !== undefined && /^[\p{L}\p{N}_]$/u.test(char);
}

/**
 * `re.search(r'\b' + re.escape(literal) + r'\b', text)`: Python's `\b` is Unicode-aware, and
 * beside a non-word character (as in "C++") it needs a word character on the other side.
 */
export function containsBoundedLiteral(text: string, literal: string, ignoreCase: boolean): boolean {
  const chars = codePoints(literal);
  const startsWithWord = isWordChar(chars[0]);
  const endsWithWord = isWordChar(chars.at(-1));
  const pattern = new RegExp(escapeRegExp(literal), ignoreCase ? 'giu' : 'gu');
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const before = Array.from(text.slice(Math.max(0, match.index - 2), match.index)).at(-1);
    const end = match.index + match[0].length;
    const after =
      text.codePointAt(end) === undefined ? undefined : String.fromCodePoint(text.codePointAt(end)!);
    if (isWordChar(before) !== startsWithWord && isWordChar(after) !== endsWithWord) return true;
    pattern.lastIndex = match.index + 1; // a later, overlapping occurrence may still stand between boundaries
  }
  return false;
}
