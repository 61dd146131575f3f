/** IFEval `combination:*`: two different responses split by `******`, and repeating the request first. */
import { z } from 'zod';
import { pyStrip } from '../text/python-string.ts';
import { defineChecker, kwargsSchema } from './define.ts';

export const twoResponses = defineChecker({
  id: 'combination:two_responses',
  kwargs: kwargsSchema({}),
  check(response) {
    const pieces = response.split('******');
    const answers: string[] = [];
    for (const [index, piece] of pieces.entries()) {
      if (pyStrip(piece) !== '') answers.push(piece);
      // A blank piece is allowed only before the first or after the last separator.
      else if (index !== 0 && index !== pieces.length - 1) return false;
    }
    return answers.length === 2 && pyStrip(answers[0]) !== pyStrip(answers[1]);
  },
});

export const repeatPrompt = defineChecker({
  id: 'combination:repeat_prompt',
  kwargs: kwargsSchema({ prompt_to_repeat: z.string().min(1) }),
  check(response, { prompt_to_repeat }) {
    return pyStrip(response).toLowerCase().startsWith(pyStrip(prompt_to_repeat).toLowerCase());
  },
});

export const combinationCheckers = [twoResponses, repeatPrompt];
