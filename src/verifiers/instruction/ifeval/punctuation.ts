/** IFEval `punctuation:no_comma`. */
import { defineChecker, kwargsSchema } from './define.ts';

export const punctuationNoComma = defineChecker({
  id: 'punctuation:no_comma',
  kwargs: kwargsSchema({}),
  check(response) {
    return !response.includes(',');
  },
});

export const punctuationCheckers = [punctuationNoComma];
