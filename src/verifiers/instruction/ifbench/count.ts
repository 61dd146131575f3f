/** IFBench's `count:*` instructions: how many words, names, numbers, pronouns or keywords. */
import { z } from 'zod';
import { count, defineChecker, kwargsSchema, position } from './define.ts';
import {
  containsBoundedLiteral,
  countOccurrences,
  countWords,
  isPyDigit,
  pySplit,
  removePunctuation,
  stripPunctuation,
} from './text.ts';
import { wordTokenize } from './treebank.ts';

export const wordCountRange = defineChecker({
  id: 'count:word_count_range',
  kwargs: kwargsSchema({ min_words: count(), max_words: count() }),
  check(response, { min_words, max_words }) {
    const words = countWords(response);
    return min_words <= words && words <= max_words;
  },
});

export const uniqueWordCount = defineChecker({
  id: 'count:unique_word_count',
  kwargs: kwargsSchema({ N: count() }),
  check(response, { N }) {
    // upstream keeps the empty string a punctuation-only word strips to, so it counts once
    const unique = new Set(pySplit(response.toLowerCase()).map(stripPunctuation));
    return unique.size >= N;
  },
});

const COORDINATING_CONJUNCTIONS = new Set(['and', 'but', 'for', 'nor', 'or', 'so', 'yet']);

export const conjunctions = defineChecker({
  id: 'count:conjunctions',
  kwargs: kwargsSchema({ small_n: count() }),
  check(response, { small_n }) {
    // upstream collects the raw words, so "and" and "And," are two different conjunctions
    const used = pySplit(response).filter((word) =>
      COORDINATING_CONJUNCTIONS.has(stripPunctuation(word).toLowerCase()),
    );
    return new Set(used).size >= small_n;
  },
});

const PERSON_NAMES = (
  'Emma Liam Sophia Jackson Olivia Noah Ava Lucas Isabella Mason Mia Ethan Charlotte Alexander Amelia ' +
  'Benjamin Harper Leo Zoe Daniel Chloe Samuel Lily Matthew Grace Owen Abigail Gabriel Ella Jacob Scarlett ' +
  'Nathan Victoria Elijah Layla Nicholas Audrey David Hannah Christopher Penelope Thomas Nora Andrew Aria ' +
  'Joseph Claire Ryan Stella Jonathan'
).split(' ');

export const personNames = defineChecker({
  id: 'count:person_names',
  kwargs: kwargsSchema({ N: count() }),
  check(response, { N }) {
    return PERSON_NAMES.filter((name) => containsBoundedLiteral(response, name, false)).length >= N;
  },
});

export const numbers = defineChecker({
  id: 'count:numbers',
  kwargs: kwargsSchema({ N: count() }),
  check(response, { N }) {
    // punctuation is removed first, so "3.14" and "1,000" are one number each
    return (removePunctuation(response).match(/\p{Nd}+/gu) ?? []).length === N;
  },
});

const STANDARD_PUNCTUATION = ['.', ',', '!', '?', ';', ':'];

export const punctuation = defineChecker({
  id: 'count:punctuation',
  kwargs: kwargsSchema({}),
  check(response) {
    if (!(response.includes('!?') || response.includes('?!') || response.includes('‽'))) return false;
    // one interrobang is taken out so it cannot stand in for the separate ? and !
    let rest = response.replace('?!', '');
    if (rest.length === response.length) rest = response.replace('!?', '');
    return STANDARD_PUNCTUATION.every((mark) => rest.includes(mark));
  },
});

function containsJapanese(word: string): boolean {
  return /[\u3040-\u30ff\u4e00-\u9fff]/u.test(word);
}

export const wordsJapanese = defineChecker({
  id: 'count:words_japanese',
  kwargs: kwargsSchema({ N: position() }),
  check(response, { N }) {
    return pySplit(response).every((raw, index) => {
      const word = stripPunctuation(raw);
      if ((index + 1) % N !== 0 || word === '' || isPyDigit(word)) return true;
      return containsJapanese(word);
    });
  },
});

const PRONOUNS = new Set(
  (
    'i me we us you he him she her it they them my mine our ours your yours his hers its their theirs ' +
    'myself ourselves yourself yourselves himself herself itself themselves this that these those ' +
    'who whom whose which what whoever whomever whatever whichever anybody anyone anything everybody ' +
    'everyone everything nobody nothing somebody someone something each either neither both all some any none'
  ).split(' '),
);

export const pronouns = defineChecker({
  id: 'count:pronouns',
  kwargs: kwargsSchema({ N: count() }),
  check(response, { N }) {
    // "/" becomes a space so pronoun sets such as she/her/hers count word by word
    const tokens = wordTokenize(response.replaceAll('/', ' ').toLowerCase());
    return tokens.filter((token) => PRONOUNS.has(token)).length >= N;
  },
});

const keyword = () => z.string().trim().min(1);
const KEYWORD_COUNTS = [
  ['keyword1', 1],
  ['keyword2', 2],
  ['keyword3', 3],
  ['keyword4', 5],
  ['keyword5', 7],
] as const;

export const keywordsMultiple = defineChecker({
  id: 'count:keywords_multiple',
  kwargs: kwargsSchema({
    keyword1: keyword(),
    keyword2: keyword(),
    keyword3: keyword(),
    keyword4: keyword(),
    keyword5: keyword(),
  }),
  check(response, kwargs) {
    const lower = response.toLowerCase();
    // plain substring counts, as upstream: "cat" is found inside "category"
    return KEYWORD_COUNTS.every(
      ([key, times]) => countOccurrences(lower, kwargs[key].toLowerCase()) === times,
    );
  },
});

export const countCheckers = [
  wordCountRange,
  uniqueWordCount,
  conjunctions,
  personNames,
  numbers,
  punctuation,
  wordsJapanese,
  pronouns,
  keywordsMultiple,
];
