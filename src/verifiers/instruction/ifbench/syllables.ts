/**
 * A small equivalent of `syllapy.count`, which IFBench's odd/even-syllable checker calls.
 * Approximation: syllapy first looks the word up in a CMU-derived dictionary; this uses only
 * syllapy's own fallback rule (vowel groups, silent final e, consonant + "le").
 */
import { PUNCTUATION, pyStripChars } from './text.ts';

const VOWELS = 'aeiouy';

/** syllapy's `_syllables` rule for a lowercased, non-empty word. */
function syllablesByRule(word: string): number {
  const chars = Array.from(word);
  let count = VOWELS.includes(chars[0]) ? 1 : 0;
  for (let index = 1; index < chars.length; index++) {
    if (VOWELS.includes(chars[index]) && !VOWELS.includes(chars[index - 1])) count++;
  }
  if (word.endsWith('e')) count--;
  if (word.endsWith('le') && chars.length > 2 && !VOWELS.includes(chars[chars.length - 3])) count++;
  return count === 0 ? 1 : count;
}

/** `syllapy.count(word)`: 0 for an empty word or one with a digit. */
export function countSyllables(word: string): number {
  const cleaned = pyStripChars(pyStripChars(word, undefined).toLowerCase(), PUNCTUATION);
  if (cleaned === '' || /\p{Nd}/u.test(cleaned)) return 0;
  return syllablesByRule(cleaned);
}
