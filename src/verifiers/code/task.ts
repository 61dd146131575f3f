/**
 * A code task row. Two test styles, as LiveCodeBench grades them: stdin/stdout (`tests` is a list
 * of `{input, output}`) and call-based (`tests` is `{fn_name, tests: [{args, expected}]}`: call a
 * function, or a method of `class Solution`, with `args` and compare its result with `expected`).
 */
import { z } from 'zod';

export const codeLanguageSchema = z
  .enum(['python', 'javascript', 'cpp'])
  .describe('Language the response must answer in; its fenced block is the one executed.');

const stdioTestSchema = z.object({ input: z.string(), output: z.string() });

const callTestSchema = z.object({
  args: z.array(z.unknown()).describe('Positional arguments, as JSON values.'),
  expected: z.unknown().describe('The JSON value the call must return.'),
});

const callSuiteSchema = z.object({
  fn_name: z
    .string()
    .regex(/^[A-Za-z_$][\w$]*$/, 'fn_name must be a plain identifier')
    .describe('Function to call; a method of `class Solution` when the code defines that class.'),
  tests: z.array(callTestSchema).min(1),
  unwrap_expected: z
    .boolean()
    .default(false)
    .describe(
      'APPS/TACO wrap each expected return value in a one-element list; their grader passes a result equal to the list or to its element.',
    ),
});

export const codeTaskSchema = z
  .object({
    language: codeLanguageSchema,
    tests: z.union([z.array(stdioTestSchema).min(1), callSuiteSchema]),
    time_limit_s: z
      .number()
      .positive()
      .max(600)
      .default(6)
      .describe('CPU seconds per test. LiveCodeBench uses 6 s per test case.'),
  })
  .refine((task) => Array.isArray(task.tests) || task.language !== 'cpp', {
    message: 'call-based tests need python or javascript (C++ has no call harness); use stdin/stdout tests',
    path: ['tests'],
  });

export type CodeTaskInput = z.input<typeof codeTaskSchema>;
export type CodeTask = z.output<typeof codeTaskSchema>;
export type StdioTest = z.infer<typeof stdioTestSchema>;
export type CallTest = z.infer<typeof callTestSchema>;
export type CallSuite = z.infer<typeof callSuiteSchema>;
