/**
 * A tool-calling task in BFCL's possible-answer shape:
 *   expected: [{ "get_weather": { "city": ["Paris", "paris, france"], "unit": ["celsius", ""] } }, …]
 * one entry per expected call, each mapping the function name to, per parameter, the list of
 * acceptable values ("" in a list marks the parameter optional). An empty `expected` list means the
 * model should call nothing (BFCL irrelevance). `tools` are the declared functions, in OpenAI
 * (`{type: 'function', function: {…}}`) or BFCL (`{name, parameters: {type: 'dict', …}}`) shape.
 * `tool_calls` (OpenAI shape, arguments parsed or JSON text) replace parsing the response text.
 */
import { z } from 'zod';

const possibleAnswerSchema = z
  .record(z.string(), z.record(z.string(), z.array(z.unknown())))
  .refine((answer) => Object.keys(answer).length === 1, {
    message: 'each expected call maps exactly one function name to its parameters',
  });

const argumentsSchema = z.union([z.string(), z.record(z.string(), z.unknown())]);

const toolCallSchema = z.union([
  z
    .object({ function: z.object({ name: z.string(), arguments: argumentsSchema }) })
    .transform((call) => call.function),
  z.object({ name: z.string(), arguments: argumentsSchema }),
]);

export const toolCategorySchema = z.enum([
  'simple',
  'multiple',
  'parallel',
  'parallel_multiple',
  'irrelevance',
  'relevance',
]);

export const toolTaskSchema = z.object({
  expected: z.array(possibleAnswerSchema),
  tools: z.array(z.record(z.string(), z.unknown())).optional(),
  /** BFCL test category; inferred when absent: no expected call → irrelevance, several → parallel. */
  category: toolCategorySchema.optional(),
  tool_calls: z.array(toolCallSchema).optional(),
  /** BFCL's `underscore_to_dot` model setting: expected names with "." are compared as "_". */
  underscore_to_dot: z.boolean().default(false),
});

export type ToolTaskInput = z.input<typeof toolTaskSchema>;
export type ToolTask = z.output<typeof toolTaskSchema>;
