/**
 * An MCQ task row. The gold answer is a letter (`"C"`, `"(c)"`) as GPQA and MMLU-Pro rows write it,
 * or a 0-based option index (MMLU-Pro's `answer_index`); both normalise to one uppercase letter.
 */
import { z } from 'zod';
import { ALL_LETTERS } from './extract.ts';

const letterForm = z
  .string()
  .transform((text) =>
    text
      .trim()
      .replace(/^\((.)\)$/, '$1')
      .toUpperCase(),
  )
  .refine((letter) => letter.length === 1 && ALL_LETTERS.includes(letter), {
    message: 'answer must be one letter A–J (optionally in parentheses) or an index 0–9',
  });

const indexForm = z
  .number()
  .int()
  .min(0)
  .max(ALL_LETTERS.length - 1)
  .transform((index) => ALL_LETTERS[index]);

export const mcqTaskSchema = z
  .object({
    answer: z.union([letterForm, indexForm]).optional(),
    answer_index: indexForm.optional(),
    /** How many options the question has (GPQA 4, MMLU-Pro up to 10): limits which letters count. */
    num_choices: z.number().int().min(2).max(ALL_LETTERS.length).optional(),
  })
  .transform((row, context) => {
    const answer = row.answer ?? row.answer_index;
    if (answer === undefined) {
      context.addIssue({ code: 'custom', message: 'one of answer or answer_index is required' });
      return z.NEVER;
    }
    if (row.answer !== undefined && row.answer_index !== undefined && row.answer !== row.answer_index) {
      context.addIssue({ code: 'custom', message: `answer ${row.answer} disagrees with answer_index` });
      return z.NEVER;
    }
    const letters = ALL_LETTERS.slice(0, row.num_choices ?? ALL_LETTERS.length);
    if (!letters.includes(answer)) {
      context.addIssue({
        code: 'custom',
        message: `answer ${answer} is beyond num_choices ${row.num_choices}`,
      });
      return z.NEVER;
    }
    return { answer, letters };
  });

export type McqTaskInput = z.input<typeof mcqTaskSchema>;
export type McqTask = z.output<typeof mcqTaskSchema>;
