/**
 * Translates the Python `re` patterns that IFEval kwargs carry (keywords, forbidden words, section
 * splitters, postscript markers are all used as regexes upstream) into JS `RegExp`s with the same
 * meaning on `str`: Unicode `\w`/`\d`/`\s`/`\b`, `.` that stops only at `\n`, and Python's lenient
 * literal braces and escapes. It covers the syntax those kwargs use; an untranslatable pattern throws.
 */
import { PY_SPACE_CLASS } from './python-string.ts';

/** Python's Unicode word character: letters, numbers and `_` (combining marks are not word characters). */
export const PY_WORD_CLASS = '\\p{L}\\p{N}_';
const WORD = `[${PY_WORD_CLASS}]`;
const NOT_WORD = `[^${PY_WORD_CLASS}]`;
const WORD_BOUNDARY = `(?:(?<=${WORD})(?!${WORD})|(?<!${WORD})(?=${WORD}))`;
const NOT_WORD_BOUNDARY = `(?:(?<=${WORD})(?=${WORD})|(?<!${WORD})(?!${WORD}))`;

/** Escapes that mean a character class or assertion; everything else after `\` is a literal in Python. */
const OUTSIDE_CLASS: Record<string, string> = {
  w: WORD,
  W: NOT_WORD,
  d: '\\p{Nd}',
  D: '\\P{Nd}',
  s: `[${PY_SPACE_CLASS}]`,
  S: `[^${PY_SPACE_CLASS}]`,
  b: WORD_BOUNDARY,
  B: NOT_WORD_BOUNDARY,
  A: '(?<![\\s\\S])',
  Z: '(?![\\s\\S])',
};
const INSIDE_CLASS: Record<string, string> = { w: PY_WORD_CLASS, d: '\\p{Nd}', s: PY_SPACE_CLASS };
const PASSTHROUGH_ESCAPES = new Set(['n', 't', 'r', 'f', 'v', '0', 'x', 'u']);
/** Characters a `u`-flagged RegExp lets (and needs) us escape; inside a class `-` joins them. */
const SYNTAX = new Set([...'^$\\.*+?()[]{}|/']);
const QUANTIFIER_BRACE = /^\{(\d+(,\d*)?|,\d+)\}/;

function literal(char: string, inClass: boolean): string {
  return SYNTAX.has(char) || (inClass && char === '-') ? `\\${char}` : char;
}

/** Python pattern source → JS pattern source for a `u`-flagged RegExp. */
export function translatePythonPattern(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '\\') {
      const next = pattern[i + 1];
      i++;
      if (next === undefined) throw new Error('pattern ends with a lone backslash');
      const table = inClass ? INSIDE_CLASS : OUTSIDE_CLASS;
      if (table[next] !== undefined) out += table[next];
      else if (PASSTHROUGH_ESCAPES.has(next) || /\d/.test(next)) out += `\\${next}`;
      else out += literal(next, inClass);
      continue;
    }
    if (inClass) {
      if (char === ']') inClass = false;
      out += char === '[' ? '\\[' : char;
      continue;
    }
    if (char === '[') {
      inClass = true;
      out += char;
      // A `]` right after `[` or `[^` is a literal in Python.
      if (pattern[i + 1] === '^') out += pattern[++i];
      if (pattern[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (char === '.') out += '[^\\n]';
    else if (char === '$') out += '(?=\\n?(?![\\s\\S]))';
    else if (char === '{') {
      const quantifier = out === '' ? null : QUANTIFIER_BRACE.exec(pattern.slice(i));
      // Python reads `{,m}` as `{0,m}`; a brace that is not a quantifier is a literal.
      if (quantifier) {
        out += quantifier[0].replace('{,', '{0,');
        i += quantifier[0].length - 1;
      } else out += '\\{';
    } else if (char === '}') out += '\\}';
    else if (char === ']') out += '\\]';
    else if (char === '(' && pattern.startsWith('(?P<', i)) {
      out += '(?<';
      i += 3;
    } else if (char === '(' && pattern.startsWith('(?P=', i)) {
      const close = pattern.indexOf(')', i);
      out += `\\k<${pattern.slice(i + 4, close)}>`;
      i = close;
    } else out += char;
  }
  return out;
}

/** Compiles a Python pattern; `flags` are JS flags besides `u`. Throws on a pattern neither can read. */
export function compilePythonPattern(pattern: string, flags = ''): RegExp {
  return new RegExp(translatePythonPattern(pattern), `${flags}u`);
}

/** Number of non-overlapping matches, as `len(re.findall(...))`. */
export function countMatches(regex: RegExp, text: string): number {
  const global = regex.global ? regex : new RegExp(regex.source, `${regex.flags}g`);
  let count = 0;
  for (const _ of text.matchAll(global)) count++;
  return count;
}
