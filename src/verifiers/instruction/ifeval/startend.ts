/** IFEval `startend:*`: an exact closing phrase, and a response wrapped in double quotes. */
import { z } from 'zod';
import { pyStrip } from '../text/python-string.ts';
import { defineChecker, kwargsSchema } from './define.ts';

export const endChecker = defineChecker({
  id: 'startend:end_checker',
  kwargs: kwargsSchema({ end_phrase: z.string() }),
  check(response, { end_phrase }) {
    // Surrounding double quotes are forgiven: `value.strip().strip('"')`.
    const ending = pyStrip(pyStrip(response), '"').toLowerCase();
    return ending.endsWith(pyStrip(end_phrase).toLowerCase());
  },
});

export const quotation = defineChecker({
  id: 'startend:quotation',
  kwargs: kwargsSchema({}),
  check(response) {
    const stripped = pyStrip(response);
    return stripped.length > 1 && stripped.startsWith('"') && stripped.endsWith('"');
  },
});

export const startendCheckers = [endChecker, quotation];
