/** IFEval `language:response_language`: the whole response is in the named language. */
import { z } from 'zod';
import { detectLanguage } from '../text/language.ts';
import { defineChecker, kwargsSchema } from './define.ts';

export const responseLanguage = defineChecker({
  id: 'language:response_language',
  // ISO 639-1, as langdetect names languages (plus its `zh-cn` / `zh-tw`).
  kwargs: kwargsSchema({ language: z.string().regex(/^[a-z]{2}(-[a-z]{2})?$/) }),
  check(response, { language }) {
    const detected = detectLanguage(response);
    // Upstream counts text whose language cannot be detected (no letters) as following.
    return detected === undefined || detected === language;
  },
});

export const languageCheckers = [responseLanguage];
