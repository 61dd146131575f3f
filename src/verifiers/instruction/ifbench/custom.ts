/**
 * IFBench's `custom:*` instructions: one fixed task each (count in sevens, reverse a sentence,
 * sort capitals, list dates…), checked against that task's expected shape.
 */
import { defineChecker, kwargsSchema } from './define.ts';
import { sentTokenize } from './punkt.ts';
import {
  asciiFold,
  codePoints,
  compareCodePoints,
  PUNCTUATION_AND_SPACE,
  pyInt,
  pyLstripChars,
  pySplit,
  pyStrip,
  pyStripChars,
  removePunctuation,
} from './text.ts';

const MULTIPLES_OF_SEVEN = ['14', '21', '28', '35', '42', '49'];

export const multiples = defineChecker({
  id: 'custom:multiples',
  kwargs: kwargsSchema({}),
  check(response) {
    const found = response.replaceAll(',', ', ').match(/\p{Nd}+/gu) ?? [];
    return (
      found.length === MULTIPLES_OF_SEVEN.length &&
      found.every((number, index) => number === MULTIPLES_OF_SEVEN[index])
    );
  },
});

const QUESTION_LABEL = /\n*(?:Question \p{Nd}+[.|):;]?\s*)/u;
const OPTION_LINE = /^[A-Ea-e][.|)]\s*[\p{L}\p{N}_]+/u;

/** The question text's length, or undefined when the question has not exactly five options. */
function questionLength(question: string): number | undefined {
  let text = '';
  let options = 0;
  for (const line of question.split('\n')) {
    if (OPTION_LINE.test(pyStrip(line))) options++;
    else if (options === 0) text += ` ${pyStrip(line)}`;
  }
  return options === 5 ? codePoints(pyStrip(text)).length : undefined;
}

export const mcqCountLength = defineChecker({
  id: 'custom:mcq_count_length',
  kwargs: kwargsSchema({}),
  check(response) {
    if (!response.startsWith('Question')) return false; // anything before the first question is an explanation
    const questions = response
      .split(QUESTION_LABEL)
      .map(pyStrip)
      .filter((question) => question !== '');
    if (questions.length !== 4) return false;
    const lengths = questions.map(questionLength);
    if (lengths.some((length) => length === undefined)) return false;
    return lengths.every((length, index) => index === 0 || length! > lengths[index - 1]!);
  },
});

export const reverseNewline = defineChecker({
  id: 'custom:reverse_newline',
  kwargs: kwargsSchema({}),
  check(response) {
    const lines = response
      .split('\n')
      .map((line) => pyStripChars(line, PUNCTUATION_AND_SPACE))
      .filter((line) => line !== '');
    const start = lines.findIndex((line) => line.includes('Zimbabwe'));
    if (start === -1) return false;
    const countries = lines.slice(start).map(asciiFold);
    if (countries.length < 52) return false;
    return countries.every(
      (country, index) => index === 0 || compareCodePoints(countries[index - 1], country) >= 0,
    );
  },
});

export const wordReverse = defineChecker({
  id: 'custom:word_reverse',
  kwargs: kwargsSchema({}),
  check(response) {
    const reversed = pySplit(removePunctuation(pyStrip(response.toLowerCase())))
      .reverse()
      .join(' ');
    if (!reversed.includes('bald eagle')) return false;
    // read forwards again, the text must be one sentence
    return sentTokenize(reversed).includes(reversed);
  },
});

export const characterReverse = defineChecker({
  id: 'custom:character_reverse',
  kwargs: kwargsSchema({}),
  check(response) {
    return response.toLowerCase().includes('elgae dlab');
  },
});

export const sentenceAlphabet = defineChecker({
  id: 'custom:sentence_alphabet',
  kwargs: kwargsSchema({}),
  check(response) {
    const sentences = sentTokenize(response);
    if (sentences.length !== 26) return false;
    return sentences.every((sentence, index) => {
      const first = pySplit(pyLstripChars(sentence, undefined))[0];
      return first !== undefined && codePoints(first.toLowerCase())[0] === String.fromCharCode(97 + index);
    });
  },
});

/** European capitals north of 45°, from the highest latitude down. */
const CAPITALS_BY_LATITUDE = (
  'Reykjavik Helsinki Oslo Tallinn Stockholm Riga Moscow Copenhagen Vilnius Minsk Dublin Berlin Amsterdam ' +
  'Warsaw London Brussels Prague Luxembourg Paris Vienna Bratislava Budapest Vaduz Chisinau Bern Ljubljana Zagreb'
).split(' ');

export const europeanCapitalsSort = defineChecker({
  id: 'custom:european_capitals_sort',
  kwargs: kwargsSchema({}),
  check(response) {
    const capitals = asciiFold(response)
      .split(',')
      .filter((capital) => pyStrip(capital) !== '');
    if (capitals.length !== CAPITALS_BY_LATITUDE.length) return false;
    return capitals.every((capital, index) => pyStrip(capital) === CAPITALS_BY_LATITUDE[index]);
  },
});

const DAYS_IN_MONTH: Record<number, number> = {
  1: 31,
  2: 29,
  3: 31,
  4: 30,
  5: 31,
  6: 30,
  7: 31,
  8: 31,
  9: 30,
  10: 31,
  11: 30,
  12: 31,
};

/** A YYYY-MM-DD date in Napoleon's lifetime; as upstream, month 00 and day 00 are not rejected. */
function isNapoleonicDate(text: string): boolean {
  const match = /^(\p{Nd}{4})-(\p{Nd}{2})-(\p{Nd}{2})$/u.exec(pyStrip(text));
  if (!match) return false;
  const [year, month, day] = [pyInt(match[1]), pyInt(match[2]), pyInt(match[3])];
  if (year < 1769 || year > 1821 || month > 12) return false;
  return month === 0 || day <= DAYS_IN_MONTH[month];
}

export const dateFormatList = defineChecker({
  id: 'custom:date_format_list',
  kwargs: kwargsSchema({}),
  check(response) {
    return pyStrip(response).split(',').every(isNapoleonicDate);
  },
});

export const customCheckers = [
  multiples,
  mcqCountLength,
  reverseNewline,
  wordReverse,
  characterReverse,
  sentenceAlphabet,
  europeanCapitalsSort,
  dateFormatList,
];
