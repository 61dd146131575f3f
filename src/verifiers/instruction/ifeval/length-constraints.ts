/** IFEval `length_constraints:*`: sentences, `***` paragraphs, words, and `\n\n` paragraphs with a first word. */
import { z } from 'zod';
import { PY_SPACE_CLASS, pyLStrip, pySplitWhitespace, pyStrip } from '../text/python-string.ts';
import { countSentences } from '../text/sentences.ts';
import { countWords } from '../text/words.ts';
import { compare, count, defineChecker, kwargsSchema, relation } from './define.ts';

export const numberSentences = defineChecker({
  id: 'length_constraints:number_sentences',
  kwargs: kwargsSchema({ num_sentences: count(), relation: relation() }),
  check(response, { num_sentences, relation }) {
    return compare(countSentences(response), relation, num_sentences);
  },
});

/** `***` with at most one whitespace character either side, as `re.split(r"\s?\*\*\*\s?", …)`. */
const MARKDOWN_DIVIDER = new RegExp(`[${PY_SPACE_CLASS}]?\\*\\*\\*[${PY_SPACE_CLASS}]?`);

export const numberParagraphs = defineChecker({
  id: 'length_constraints:number_paragraphs',
  kwargs: kwargsSchema({ num_paragraphs: count() }),
  check(response, { num_paragraphs }) {
    const paragraphs = response.split(MARKDOWN_DIVIDER);
    let found = paragraphs.length;
    for (const [index, paragraph] of paragraphs.entries()) {
      if (pyStrip(paragraph) !== '') continue;
      // A blank piece before the first or after the last divider is not a paragraph; between two is a failure.
      if (index === 0 || index === paragraphs.length - 1) found--;
      else return false;
    }
    return found === num_paragraphs;
  },
});

export const numberWords = defineChecker({
  id: 'length_constraints:number_words',
  kwargs: kwargsSchema({ num_words: count(), relation: relation() }),
  check(response, { num_words, relation }) {
    return compare(countWords(response), relation, num_words);
  },
});

const FIRST_WORD_END = new Set(['.', ',', '?', '!', "'", '"']);

/** The paragraph's first word, leading quotes dropped, cut at the first punctuation mark, lowercased. */
function firstWordOf(paragraph: string): string {
  const word = pyLStrip(pyLStrip(pyStrip(pySplitWhitespace(paragraph)[0]), "'"), '"');
  let first = '';
  for (const char of word) {
    if (FIRST_WORD_END.has(char)) break;
    first += char.toLowerCase();
  }
  return first;
}

export const nthParagraphFirstWord = defineChecker({
  id: 'length_constraints:nth_paragraph_first_word',
  kwargs: kwargsSchema({
    num_paragraphs: count(),
    nth_paragraph: count().min(1),
    first_word: z.string(),
  }).refine((kwargs) => kwargs.nth_paragraph <= kwargs.num_paragraphs, {
    message: 'nth_paragraph must be at most num_paragraphs',
    path: ['nth_paragraph'],
  }),
  check(response, { num_paragraphs, nth_paragraph, first_word }) {
    const paragraphs = response.split('\n\n');
    const found = paragraphs.filter((paragraph) => pyStrip(paragraph) !== '').length;
    // Upstream counts only non-blank paragraphs but indexes the raw split, blank pieces included.
    if (nth_paragraph > found) return false;
    const paragraph = pyStrip(paragraphs[nth_paragraph - 1]);
    if (paragraph === '') return false;
    return found === num_paragraphs && firstWordOf(paragraph) === first_word.toLowerCase();
  },
});

export const lengthConstraintsCheckers = [
  numberSentences,
  numberParagraphs,
  numberWords,
  nthParagraphFirstWord,
];
