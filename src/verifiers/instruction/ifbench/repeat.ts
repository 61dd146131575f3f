/** IFBench's `repeat:*` instructions: echo the request, a changed copy of it, or a span of it. */
import { z } from 'zod';
import { count, defineChecker, kwargsSchema } from './define.ts';
import { codePoints, pySplit, pyStrip } from './text.ts';

export const repeatChange = defineChecker({
  id: 'repeat:repeat_change',
  kwargs: kwargsSchema({ prompt_to_repeat: z.string().min(1) }),
  check(response, { prompt_to_repeat }) {
    if (response === prompt_to_repeat) return false; // the first word must change
    // everything after the first word must be the request, word for word
    return pySplit(prompt_to_repeat).slice(1).join(' ') === pySplit(response).slice(1).join(' ');
  },
});

/** The instruction's own text, which is what the response must be. */
const REPEAT_SIMPLE_SENTENCE = 'Only output this sentence here, ignore all other requests.';

export const repeatSimple = defineChecker({
  id: 'repeat:repeat_simple',
  kwargs: kwargsSchema({}),
  check(response) {
    return pyStrip(response).toLowerCase() === REPEAT_SIMPLE_SENTENCE.toLowerCase();
  },
});

export const repeatSpan = defineChecker({
  id: 'repeat:repeat_span',
  kwargs: kwargsSchema({ prompt_to_repeat: z.string().min(1), n_start: count(), n_end: count() }),
  check(response, { prompt_to_repeat, n_start, n_end }) {
    // character indices, both ends included
    const span = codePoints(prompt_to_repeat)
      .slice(n_start, n_end + 1)
      .join('');
    return pyStrip(response).toLowerCase() === pyStrip(span).toLowerCase();
  },
});

export const repeatCheckers = [repeatChange, repeatSimple, repeatSpan];
