/** IFEval `change_case:*`: how many all-capital words, and all-capital or all-lowercase English. */
import { detectLanguage } from '../text/language.ts';
import { pyIsLower, pyIsUpper } from '../text/python-string.ts';
import { countCapitalWords } from '../text/words.ts';
import { compare, count, defineChecker, kwargsSchema, relation } from './define.ts';

export const capitalWordFrequency = defineChecker({
  id: 'change_case:capital_word_frequency',
  kwargs: kwargsSchema({ capital_frequency: count(), capital_relation: relation() }),
  check(response, { capital_frequency, capital_relation }) {
    return compare(countCapitalWords(response), capital_relation, capital_frequency);
  },
});

/** English by the detector; text with no letters to detect counts as English, as upstream. */
function isEnglish(response: string): boolean {
  const detected = detectLanguage(response);
  return detected === undefined || detected === 'en';
}

export const englishCapital = defineChecker({
  id: 'change_case:english_capital',
  kwargs: kwargsSchema({}),
  check(response) {
    return pyIsUpper(response) && isEnglish(response);
  },
});

export const englishLowercase = defineChecker({
  id: 'change_case:english_lowercase',
  kwargs: kwargsSchema({}),
  check(response) {
    return pyIsLower(response) && isEnglish(response);
  },
});

export const changeCaseCheckers = [capitalWordFrequency, englishCapital, englishLowercase];
