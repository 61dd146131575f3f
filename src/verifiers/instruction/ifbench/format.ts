/** IFBench's `format:*` instructions: nesting, layout, markup and case of the whole response. */
import { z } from 'zod';
import { defineChecker, kwargsSchema } from './define.ts';
import { isEmojiCodePoint } from './emoji.ts';
import { sentTokenize } from './punkt.ts';
import {
  codePoints,
  countOccurrences,
  isPyAlpha,
  isPyLower,
  isPyUpper,
  isPyWhitespace,
  PUNCTUATION,
  PUNCTUATION_AND_SPACE,
  pySplit,
  pyStrip,
  pyStripChars,
  removePunctuation,
} from './text.ts';
import { wordTokenize } from './treebank.ts';

const CLOSING: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

export const parentheses = defineChecker({
  id: 'format:parentheses',
  kwargs: kwargsSchema({}),
  check(response) {
    const open: string[] = [];
    let deepest = 0;
    for (const char of response) {
      if ('([{'.includes(char)) {
        open.push(char);
        deepest = Math.max(deepest, open.length);
      } else if (char in CLOSING) {
        if (open.length > 0 && open.at(-1) === CLOSING[char]) {
          open.pop();
          // a properly closed group that reached five levels is enough
          if (deepest >= 5 && open.length < deepest) return true;
        } else {
          open.length = 0; // a mismatched closer starts the count again
          deepest = 0;
        }
      }
    }
    return false;
  },
});

export const quotes = defineChecker({
  id: 'format:quotes',
  kwargs: kwargsSchema({}),
  check(response) {
    const open: string[] = [];
    let reached = 0;
    for (const char of response) {
      if (open.length > 0 && char === open.at(-1)) {
        open.pop();
        if (reached - open.length >= 3) return true;
      } else if (char === '"' || char === "'") {
        // the same mark closes, the other one opens a deeper level, so levels alternate
        open.push(char);
        reached = Math.max(reached, open.length);
      }
    }
    return false;
  },
});

interface ParsedOptions {
  readonly options: string[];
  /** Lettered options (a), b), c)…) must be answered exactly; text options loosely. */
  readonly exact: boolean;
}

function parseOptions(text: string): ParsedOptions {
  const exact = /^[^\p{L}\p{N}_]*[aA][^\p{L}\p{N}_]*[bB][^\p{L}\p{N}_]*[cC]/u.test(text);
  // upstream's separator test is a substring test, so "or" inside a word also selects it
  const separator = text.includes('/') ? '/' : text.includes('or') ? 'or' : ',';
  return { options: text.split(separator).map(pyStrip), exact };
}

function looseOption(text: string): string {
  return pyStripChars(text, PUNCTUATION_AND_SPACE).toLowerCase();
}

export const options = defineChecker({
  id: 'format:options',
  kwargs: kwargsSchema({ options: z.string().min(1) }),
  check(response, kwargs) {
    const parsed = parseOptions(kwargs.options);
    if (parsed.exact) return parsed.options.includes(response);
    const answer = looseOption(response);
    return parsed.options.some((option) => looseOption(option) === answer);
  },
});

export const newline = defineChecker({
  id: 'format:newline',
  kwargs: kwargsSchema({}),
  check(response) {
    const text = pyStrip(removePunctuation(response));
    const lines = text.split('\n').filter((line) => line !== '');
    return lines.length === pySplit(text).length;
  },
});

function stripForEmoji(sentence: string): string[] {
  return codePoints(pyStrip(removePunctuation(sentence)));
}

export const emoji = defineChecker({
  id: 'format:emoji',
  kwargs: kwargsSchema({}),
  check(response) {
    const sentences = sentTokenize(response);
    for (let index = 0; index < sentences.length; index++) {
      const chars = stripForEmoji(sentences[index]);
      if (chars.length === 0) return false;
      // a variation selector or modifier may follow the emoji, so the last two characters count
      const last = chars[chars.length - 1];
      const secondLast = chars.length > 1 ? chars[chars.length - 2] : last;
      if (isEmojiCodePoint(last) || isEmojiCodePoint(secondLast)) continue;
      // Punkt may put the emoji at the start of the next sentence
      if (index === sentences.length - 1) return false;
      const next = stripForEmoji(sentences[index + 1]);
      if (next.length === 0 || !isEmojiCodePoint(next[0])) return false;
    }
    return true;
  },
});

function indentation(line: string): number {
  return line.length - line.replace(/^ +/u, '').length;
}

/** Upstream removes blank lines from the list it is iterating, so a blank line after a removed one stays. */
function dropBlankLinesLikeUpstream(lines: string[]): string[] {
  const kept = [...lines];
  for (let index = 0; index < kept.length; index++) {
    const line = kept[index];
    if (pyStrip(line) === '') kept.splice(kept.indexOf(line), 1);
  }
  return kept;
}

export const lineIndent = defineChecker({
  id: 'format:line_indent',
  kwargs: kwargsSchema({}),
  check(response) {
    const lines = dropBlankLinesLikeUpstream(response.split('\n'));
    return lines.every((line, index) => index === 0 || indentation(line) > indentation(lines[index - 1]));
  },
});

const DIGITS_AND_PUNCTUATION_BUT_DOUBLE_QUOTE = `0123456789${PUNCTUATION.replace('"', '')}`;

export const quoteUnquote = defineChecker({
  id: 'format:quote_unquote',
  kwargs: kwargsSchema({}),
  check(response) {
    // curly quotes are not normalised: at the pinned commit the replacement maps '"' to itself
    const text = pySplit(response.replaceAll("'\"'", '')).join('');
    if (text.includes('""')) return false; // two quotes with nothing between them
    const stripped = pyStripChars(text, DIGITS_AND_PUNCTUATION_BUT_DOUBLE_QUOTE);
    return !stripped.endsWith('"');
  },
});

export const list = defineChecker({
  id: 'format:list',
  kwargs: kwargsSchema({ sep: z.string().min(1) }),
  check(response, { sep }) {
    return countOccurrences(response, sep) >= 2;
  },
});

export const thesis = defineChecker({
  id: 'format:thesis',
  kwargs: kwargsSchema({}),
  check(response) {
    let start = response.indexOf('<i>');
    if (start === -1) start = response.indexOf('<em>');
    if (start === -1) return false;
    const text = response.slice(start);
    let end = text.indexOf('</i>');
    if (end === -1) end = text.indexOf('</em>');
    if (end === -1) return false;
    // upstream skips 3 characters and 4 after, whichever tag was found
    if (pyStrip(text.slice(3, end)) === '') return false;
    return pyStrip(text.slice(end + 4)) !== '';
  },
});

export const subBullets = defineChecker({
  id: 'format:sub-bullets',
  kwargs: kwargsSchema({}),
  check(response) {
    // everything after each "*" up to the next must hold a "-"; no "*" at all passes upstream
    return response
      .split('*')
      .slice(1)
      .every((bullet) => bullet.includes('-'));
  },
});

export const noBulletsBullets = defineChecker({
  id: 'format:no_bullets_bullets',
  kwargs: kwargsSchema({}),
  check(response) {
    let sentencesSoFar = 0;
    let bullets = 0;
    // upstream reuses one variable: true, then the last line's sentences; an empty line's [] ends the prose part
    let inProse = true;
    for (const line of response.split('\n')) {
      if (pyStrip(line).startsWith('*')) {
        inProse = false;
        if (sentencesSoFar < 2) return false;
        bullets++;
      } else if (inProse) {
        const sentences = sentTokenize(pyStrip(line));
        sentencesSoFar += sentences.length;
        inProse = sentences.length > 0;
      } else {
        return false;
      }
    }
    return bullets >= 2;
  },
});

function titleCaseWord(word: string): boolean {
  const chars = codePoints(word);
  if (chars.length === 0 || !isPyAlpha(chars[0])) return true;
  if (chars.length === 1) return !isPyLower(chars[0]);
  const rest = chars.slice(1).join('');
  if (isPyUpper(chars[0]) && isPyLower(rest)) return true;
  return !(isPyLower(chars[0]) && (isPyUpper(rest) || isPyLower(rest)));
}

export const titleCase = defineChecker({
  id: 'format:title_case',
  kwargs: kwargsSchema({}),
  check(response) {
    return wordTokenize(response).every(titleCaseWord);
  },
});

export const outputTemplate = defineChecker({
  id: 'format:output_template',
  kwargs: kwargsSchema({}),
  check(response) {
    return ['My Answer:', 'My Conclusion:', 'Future Outlook:'].every((label) => response.includes(label));
  },
});

export const noWhitespace = defineChecker({
  id: 'format:no_whitespace',
  kwargs: kwargsSchema({}),
  check(response) {
    return !codePoints(response).some(isPyWhitespace);
  },
});

export const formatCheckers = [
  parentheses,
  quotes,
  options,
  newline,
  emoji,
  lineIndent,
  quoteUnquote,
  list,
  thesis,
  subBullets,
  noBulletsBullets,
  titleCase,
  outputTemplate,
  noWhitespace,
];
