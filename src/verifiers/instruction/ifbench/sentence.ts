/** IFBench's `sentence:*` instructions: per-sentence alliteration, keyword placement, word counts. */
import { z } from 'zod';
import { count, defineChecker, kwargsSchema, position } from './define.ts';
import { sentTokenize } from './punkt.ts';
import {
  containsBoundedLiteral,
  PUNCTUATION_AND_SPACE,
  pyLstripChars,
  pySplit,
  removePunctuation,
} from './text.ts';

function firstCodePoint(word: string): string {
  return String.fromCodePoint(word.codePointAt(0)!);
}

/** Words in runs of neighbours sharing a first letter: a run of k words scores k. */
function alliterativeWords(sentence: string): number {
  const words = pySplit(sentence.toLowerCase())
    .map((word) => pyLstripChars(word, PUNCTUATION_AND_SPACE))
    .filter((word) => word !== '');
  let score = 0;
  let inRun = false;
  for (let index = 0; index + 1 < words.length; index++) {
    const alliterates = firstCodePoint(words[index]) === firstCodePoint(words[index + 1]);
    if (alliterates) score += inRun ? 1 : 2;
    inRun = alliterates;
  }
  return score;
}

export const alliterationIncrement = defineChecker({
  id: 'sentence:alliteration_increment',
  kwargs: kwargsSchema({}),
  check(response) {
    let previous = -1;
    for (const sentence of sentTokenize(response)) {
      const score = alliterativeWords(sentence);
      if (score <= previous) return false;
      previous = score;
    }
    return true;
  },
});

export const keyword = defineChecker({
  id: 'sentence:keyword',
  kwargs: kwargsSchema({ word: z.string().min(1), N: position() }),
  check(response, { word, N }) {
    const sentences = sentTokenize(response);
    if (sentences.length < N) return false;
    return containsBoundedLiteral(sentences[N - 1], word, true);
  },
});

function wordsWithoutPunctuation(sentence: string): number {
  return pySplit(removePunctuation(sentence)).length;
}

export const increment = defineChecker({
  id: 'sentence:increment',
  kwargs: kwargsSchema({ small_n: count() }),
  check(response, { small_n }) {
    const sentences = sentTokenize(response);
    if (sentences.length === 0) return false; // upstream raises IndexError; the driver never sends blank text
    let previous = wordsWithoutPunctuation(sentences[0]);
    for (const sentence of sentences.slice(1)) {
      const words = wordsWithoutPunctuation(sentence);
      if (words !== previous + small_n) return false;
      previous = words;
    }
    return true;
  },
});

export const sentenceCheckers = [alliterationIncrement, keyword, increment];
