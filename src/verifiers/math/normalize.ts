/**
 * Turns an extracted answer into canonical LaTeX: math delimiters, spacing macros, `\left`/`\right`,
 * `\dfrac`, units, degrees, percent signs, thousands separators and malformed `\frac12`/`\sqrt3` are
 * removed or repaired. It does not decide structure (sets, intervals, equations): structure.ts does.
 * Percent signs are dropped, so `50\%` reads as `50` (NeMo-Skills' rule), never as `0.5`.
 */
import { closingBrace, readArgument } from './latex-args.ts';

const unicodeReplacements: [RegExp, string][] = [
  [/[−–—]/g, '-'],
  [/×/g, '\\times '],
  [/÷/g, '\\div '],
  [/·/g, '\\cdot '],
  [/π/g, '\\pi '],
  [/∞/g, '\\infty '],
  [/√/g, '\\sqrt'],
  [/≤/g, '\\leq '],
  [/≥/g, '\\geq '],
  [/≠/g, '\\neq '],
  [/±/g, '\\pm '],
  [/∪/g, '\\cup '],
  [/²/g, '^2'],
  [/³/g, '^3'],
  [/°/g, '^\\circ'],
];

const macroRenames: [RegExp, string][] = [
  [/\\[dtc]frac(?![a-zA-Z])/g, '\\frac'],
  [/\\[dt]binom(?![a-zA-Z])/g, '\\binom'],
  [/\\le(?![a-zA-Z])/g, '\\leq'],
  [/\\ge(?![a-zA-Z])/g, '\\geq'],
  [/\\leqslant(?![a-zA-Z])/g, '\\leq'],
  [/\\geqslant(?![a-zA-Z])/g, '\\geq'],
  [/\\ne(?![a-zA-Z])/g, '\\neq'],
  [/\\lbrace(?![a-zA-Z])/g, '\\{'],
  [/\\rbrace(?![a-zA-Z])/g, '\\}'],
  [/\\lvert(?![a-zA-Z])|\\rvert(?![a-zA-Z])/g, '|'],
  [/\\varnothing(?![a-zA-Z])/g, '\\emptyset'],
];

// spacing and sizing macros that carry no meaning in an answer
const noiseMacros =
  /\\(?:left|right|bigl|bigr|Bigl|Bigr|big|Big|displaystyle|textstyle|limits|quad|qquad)(?![a-zA-Z])|(?<!\\)\\[,;:! ]/g;

const wrapperMacros = [
  '\\boxed',
  '\\fbox',
  '\\mathbf',
  '\\mathit',
  '\\mathrm',
  '\\textbf',
  '\\textit',
  '\\mbox',
];

const unitWords = [
  'units?',
  'square',
  'sq',
  'cubic',
  'cm',
  'mm',
  'km',
  'm',
  'meters?',
  'metres?',
  'centimeters?',
  'kilometers?',
  'inch(?:es)?',
  'in',
  'feet',
  'foot',
  'ft',
  'yards?',
  'miles?',
  'mi',
  'seconds?',
  'sec',
  's',
  'minutes?',
  'min',
  'hours?',
  'hrs?',
  'days?',
  'weeks?',
  'months?',
  'years?',
  'degrees?',
  'radians?',
  'dollars?',
  'cents?',
  'grams?',
  'g',
  'kg',
  'kilograms?',
  'pounds?',
  'lbs?',
  'ounces?',
  'oz',
  'liters?',
  'litres?',
  'ml',
  'l',
  'mph',
  'km/h',
  'people',
  'students?',
  'ways',
  'points?',
  'percent',
  'percentage',
  'pct',
];
// a unit after a number, optionally squared/cubed, at the end of the answer (`5 cm^2`, `28 percent`)
const trailingUnit = new RegExp(`(?<=[0-9}.)])\\s+(?:${unitWords.join('|')})(?:\\^\\{?[23]\\}?)?\\s*$`, 'i');
const unitOnlyText = new RegExp(`^\\s*(?:(?:${unitWords.join('|')})(?:\\^\\{?[23]\\}?)?\\s*)+$`, 'i');

/** Strips `$…$`, `$$…$$`, `\(…\)`, `\[…\]` wrapped around the whole answer (repeatedly). */
export function stripMathDelimiters(text: string): string {
  let current = text.trim();
  for (;;) {
    const before = current;
    for (const [open, close] of [
      ['$$', '$$'],
      ['\\[', '\\]'],
      ['\\(', '\\)'],
      ['$', '$'],
    ]) {
      if (
        current.length >= open.length + close.length &&
        current.startsWith(open) &&
        current.endsWith(close)
      ) {
        current = current.slice(open.length, current.length - close.length).trim();
      }
    }
    if (current === before) return current;
  }
}

/** Replaces `\macro{x}` by `x` for wrappers that carry no meaning (`\boxed`, `\mathbf`, `\mbox`…). */
export function unwrapMacros(text: string, macros: readonly string[]): string {
  let result = text;
  for (const macro of macros) {
    let index = result.indexOf(`${macro}{`);
    while (index >= 0) {
      const open = index + macro.length;
      const end = closingBrace(result, open);
      if (end < 0) break;
      result = result.slice(0, index) + result.slice(open + 1, end - 1) + result.slice(end);
      index = result.indexOf(`${macro}{`, index);
    }
  }
  return result;
}

/** `\text{…}`: unit text after a quantity is dropped, "and"/"or" become commas, other text is kept bare. */
export function resolveText(text: string): string {
  let result = text;
  let index = result.indexOf('\\text{');
  while (index >= 0) {
    const open = index + '\\text'.length;
    const end = closingBrace(result, open);
    if (end < 0) break;
    const inner = result.slice(open + 1, end - 1);
    const before = result.slice(0, index).trim();
    let replacement: string;
    if (/^\s*(?:and|or|,)\s*$/i.test(inner)) replacement = ',';
    else if (before !== '' && unitOnlyText.test(inner)) replacement = '';
    else if (
      before !== '' &&
      end === result.length &&
      /^\s*[a-zA-Z][a-zA-Z\s]*$/.test(inner) &&
      /[0-9}]$/.test(before)
    )
      replacement = ''; // any trailing word after a number is a unit: `3 \text{ apples}`
    else replacement = inner;
    let after = end;
    // a dropped unit takes its power with it: `5\text{ cm}^2` is 5, not 5^2
    if (replacement === '' && before !== '')
      after += /^\s*\^\s*(?:\{\s*[23]\s*\}|[23])/.exec(result.slice(end))?.[0].length ?? 0;
    result = result.slice(0, index) + replacement + result.slice(after);
    index = result.indexOf('\\text{', index + replacement.length);
  }
  return result;
}

/** Repairs `\frac12`, `\frac1{2}`, `\frac{1}2`, `\sqrt3`, `\sqrt[3]8` into braced arguments. */
export function repairMalformedOperators(text: string): string {
  let result = '';
  let index = 0;
  while (index < text.length) {
    const fracAt = text.startsWith('\\frac', index) && !/[a-zA-Z]/.test(text[index + 5] ?? '');
    const sqrtAt = text.startsWith('\\sqrt', index) && !/[a-zA-Z]/.test(text[index + 5] ?? '');
    if (!fracAt && !sqrtAt) {
      result += text[index];
      index++;
      continue;
    }
    let cursor = index + 5;
    let rebuilt = fracAt ? '\\frac' : '\\sqrt';
    if (sqrtAt && text[cursor] === '[') {
      const closeAt = text.indexOf(']', cursor);
      if (closeAt < 0) {
        result += rebuilt;
        index = cursor;
        continue;
      }
      rebuilt += text.slice(cursor, closeAt + 1);
      cursor = closeAt + 1;
    }
    const argumentCount = fracAt ? 2 : 1;
    let complete = true;
    for (let count = 0; count < argumentCount; count++) {
      const argument = readArgument(text, cursor);
      if (!argument) {
        complete = false;
        break;
      }
      rebuilt += `{${repairMalformedOperators(argument.content)}}`;
      cursor = argument.end;
    }
    if (!complete) {
      result += text.slice(index, cursor);
      index = cursor;
      continue;
    }
    result += rebuilt;
    index = cursor;
  }
  return result;
}

/** `1{,}000` and `1,\!000` become plain digits wherever they are (run before spacing macros go). */
export function removeMarkedThousandsSeparators(text: string): string {
  return text.replace(/(\d)\{,\}(?=\d)/g, '$1').replace(/(\d),\\!(?=\d{3})/g, '$1');
}

/** A whole answer `7,425,000` or `1 000` becomes plain digits; `1,2` and `1, 234` stay lists. */
export function removeThousandsSeparators(text: string): string {
  let result = text.trim();
  if (/^[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(result)) result = result.replace(/,/g, '');
  if (/^[-+]?\d{1,3}(?: \d{3})+(?:\.\d+)?$/.test(result)) result = result.replace(/ /g, '');
  return result;
}

/** Drops degree marks, percent signs and currency symbols. */
export function removeDegreesPercentCurrency(text: string): string {
  return text
    .replace(/\^\s*\{\s*\\circ\s*\}|\^\s*\\circ(?![a-zA-Z])|\\circ(?![a-zA-Z])|\\degree(?![a-zA-Z])/g, '')
    .replace(/\\%|%/g, '')
    .replace(/\\\$|\$|€|£|\\euro(?![a-zA-Z])|\\pounds(?![a-zA-Z])/g, '');
}

/** Removes trailing punctuation and line breaks that end a sentence, not the answer. */
export function trimTrailingPunctuation(text: string): string {
  let result = text.trim();
  for (;;) {
    const trimmed = result.replace(/(?:\\\\|\\\.|[.,;:]|\\quad|\\qquad)\s*$/, '').trim();
    if (trimmed === result) return result;
    result = trimmed;
  }
}

/** Collapses whitespace: none next to symbols or after a digit, one space between two words. */
export function collapseWhitespace(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/ ?([^a-zA-Z0-9 ]) ?/g, '$1')
    .replace(/(\d) (?=[a-zA-Z])/g, '$1')
    .trim();
}

/** The full normalisation pipeline for one answer (gold or prediction). */
export function normalizeAnswer(raw: string): string {
  let text = stripMathDelimiters(raw);
  for (const [pattern, replacement] of unicodeReplacements) text = text.replace(pattern, replacement);
  for (const [pattern, replacement] of macroRenames) text = text.replace(pattern, replacement);
  text = removeMarkedThousandsSeparators(text);
  text = text.replace(noiseMacros, ' ');
  text = text.replace(/\\(?:textrm|textnormal|textup|textsf|texttt|mathsf|operatorname\*?)\{/g, '\\text{');
  text = unwrapMacros(text, wrapperMacros);
  text = stripMathDelimiters(text);
  text = removeDegreesPercentCurrency(text);
  text = resolveText(text);
  text = trimTrailingPunctuation(text);
  text = text.replace(trailingUnit, '');
  text = repairMalformedOperators(text);
  text = removeThousandsSeparators(text);
  text = collapseWhitespace(text);
  text = text.replace(/^\+(?=\d)/, '');
  return trimTrailingPunctuation(text);
}
