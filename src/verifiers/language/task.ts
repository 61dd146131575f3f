/** A language-consistency task: the prompt the response answers (a string, or chat messages). */
import { z } from 'zod';

const messageSchema = z.object({ role: z.string(), content: z.string().nullable() });

export const languageTaskSchema = z.object({
  prompt: z.union([z.string(), z.array(messageSchema)]),
});

export type LanguageTaskInput = z.input<typeof languageTaskSchema>;
export type LanguageTask = z.output<typeof languageTaskSchema>;

/** The text whose scripts define "the prompt's language": every system and user message. */
export function promptText(task: LanguageTask): string {
  if (typeof task.prompt === 'string') return task.prompt;
  return task.prompt
    .filter((message) => message.role === 'user' || message.role === 'system')
    .map((message) => message.content ?? '')
    .join('\n');
}
