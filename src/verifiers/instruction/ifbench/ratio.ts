/** IFBench's `ratio:*` instructions: stop-word share, sentence-type ratios, trigram overlap. */
import { z } from 'zod';
import { defineChecker, kwargsSchema } from './define.ts';
import { sentTokenize } from './punkt.ts';
import { codePoints, countStopwords, countWords, pyLength, pyStrip } from './text.ts';

export const stopWords = defineChecker({
  id: 'ratio:stop_words',
  kwargs: kwargsSchema({ percentage: z.number().nonnegative() }),
  check(response, { percentage }) {
    const words = countWords(response);
    if (words === 0) return false;
    return (countStopwords(response) / words) * 100 <= percentage;
  },
});

function countEndings(sentences: string[], ending: string): number {
  return sentences.filter((sentence) => sentence.endsWith(ending)).length;
}

export const sentenceType = defineChecker({
  id: 'ratio:sentence_type',
  kwargs: kwargsSchema({}),
  check(response) {
    const sentences = sentTokenize(response);
    return countEndings(sentences, '.') === 2 * countEndings(sentences, '?');
  },
});

export const sentenceBalance = defineChecker({
  id: 'ratio:sentence_balance',
  kwargs: kwargsSchema({}),
  check(response) {
    const sentences = sentTokenize(response);
    const declarative = countEndings(sentences, '.');
    return declarative === countEndings(sentences, '?') && declarative === countEndings(sentences, '!');
  },
});

/** `set(nltk.ngrams(text, 3))` on a string: its character trigrams (three code points join unambiguously). */
function characterTrigrams(text: string): Set<string> {
  const chars = codePoints(text);
  const trigrams = new Set<string>();
  for (let index = 0; index + 3 <= chars.length; index++)
    trigrams.add(chars.slice(index, index + 3).join(''));
  return trigrams;
}

export const overlap = defineChecker({
  id: 'ratio:overlap',
  kwargs: kwargsSchema({ reference_text: z.string(), percentage: z.number().nonnegative() }),
  check(response, { reference_text, percentage }) {
    const trigrams = characterTrigrams(response);
    if (trigrams.size === 0) return false;
    const reference = characterTrigrams(reference_text);
    const shared = [...trigrams].filter((trigram) => reference.has(trigram)).length;
    const overlapPercent = (shared / trigrams.size) * 100;
    return percentage - 2 <= overlapPercent && overlapPercent <= percentage + 2;
  },
});

export const sentenceWords = defineChecker({
  id: 'ratio:sentence_words',
  kwargs: kwargsSchema({}),
  check(response) {
    // upstream checks three sentences of equal length only; "all different words" is not checked
    const sentences = sentTokenize(response);
    if (sentences.length !== 3) return false;
    const length = pyLength(pyStrip(sentences[0]));
    return sentences.every((sentence) => pyLength(pyStrip(sentence)) === length);
  },
});

export const ratioCheckers = [stopWords, sentenceType, sentenceBalance, overlap, sentenceWords];
