/** IFEval `keywords:*`: keywords present, a keyword's frequency, forbidden words, a letter's frequency. */
import { z } from 'zod';
import { compilePythonPattern, countMatches } from '../text/python-regex.ts';
import { pyStrip } from '../text/python-string.ts';
import { compare, count, defineChecker, kwargsSchema, pythonPattern, relation } from './define.ts';

export const keywordsExistence = defineChecker({
  id: 'keywords:existence',
  kwargs: kwargsSchema({ keywords: z.array(pythonPattern()).min(1) }),
  check(response, { keywords }) {
    // Upstream searches each keyword as a regex, case-insensitively, with no word boundaries.
    return keywords.every((keyword) => compilePythonPattern(keyword, 'i').test(response));
  },
});

export const keywordsFrequency = defineChecker({
  id: 'keywords:frequency',
  kwargs: kwargsSchema({ keyword: pythonPattern().min(1), frequency: count(), relation: relation() }),
  check(response, { keyword, frequency, relation }) {
    const occurrences = countMatches(compilePythonPattern(pyStrip(keyword), 'gi'), response);
    return compare(occurrences, relation, frequency);
  },
});

export const keywordsForbiddenWords = defineChecker({
  id: 'keywords:forbidden_words',
  kwargs: kwargsSchema({ forbidden_words: z.array(pythonPattern()).min(1) }),
  check(response, { forbidden_words }) {
    // Without its `\b`s the pattern matches wherever the bounded one does: a cheap first test.
    return !forbidden_words.some(
      (word) =>
        compilePythonPattern(word, 'i').test(response) &&
        compilePythonPattern(`\\b${word}\\b`, 'i').test(response),
    );
  },
});

/** One character: upstream draws a random letter for an empty or longer one. */
const oneCharacter = () => z.string().refine((letter) => [...letter].length === 1, 'must be one character');

export const keywordsLetterFrequency = defineChecker({
  id: 'keywords:letter_frequency',
  kwargs: kwargsSchema({ letter: oneCharacter(), let_frequency: count(), let_relation: relation() }),
  check(response, { letter, let_frequency, let_relation }) {
    const wanted = pyStrip(letter).toLowerCase();
    let occurrences = 0;
    // Counter(value.lower()) counts code points.
    if (wanted !== '') for (const char of response.toLowerCase()) if (char === wanted) occurrences++;
    return compare(occurrences, let_relation, let_frequency);
  },
});

export const keywordsCheckers = [
  keywordsExistence,
  keywordsFrequency,
  keywordsForbiddenWords,
  keywordsLetterFrequency,
];
