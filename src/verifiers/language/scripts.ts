/**
 * Which writing system a character belongs to, by Unicode Script property. Latin is the script of an
 * English prompt; Common and Inherited characters (digits, punctuation, symbols, emoji, combining
 * accents) belong to no language and never count.
 */

/** Scripts named in reports; any other non-Latin letter is reported as 'Other'. */
const NAMED_SCRIPTS = [
  'Han',
  'Hiragana',
  'Katakana',
  'Hangul',
  'Cyrillic',
  'Arabic',
  'Hebrew',
  'Greek',
  'Devanagari',
  'Bengali',
  'Gurmukhi',
  'Gujarati',
  'Tamil',
  'Telugu',
  'Kannada',
  'Malayalam',
  'Sinhala',
  'Thai',
  'Lao',
  'Khmer',
  'Myanmar',
  'Tibetan',
  'Georgian',
  'Armenian',
  'Ethiopic',
  'Mongolian',
  'Syriac',
  'Thaana',
] as const;

export type ScriptName = (typeof NAMED_SCRIPTS)[number] | 'Other';

const SCRIPT_PATTERNS = NAMED_SCRIPTS.map((name) => ({
  name,
  pattern: new RegExp(`^\\p{Script=${name}}$`, 'u'),
}));

const LETTER_OR_MARK = /^[\p{L}\p{M}]$/u;
const NEUTRAL = /^[\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]$/u;

/** The non-Latin script of one code point, or undefined for Latin letters and language-neutral characters. */
export function foreignScriptOf(character: string): ScriptName | undefined {
  if (!LETTER_OR_MARK.test(character) || NEUTRAL.test(character)) return undefined;
  return SCRIPT_PATTERNS.find((entry) => entry.pattern.test(character))?.name ?? 'Other';
}

export function isLatinLetter(character: string): boolean {
  return /^\p{Script=Latin}$/u.test(character) && /^\p{L}$/u.test(character);
}
