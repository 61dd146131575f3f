/** A preference (reward-model) task: the question the response answers. */
import { z } from 'zod';

export const preferenceTaskSchema = z.object({ prompt: z.string() });

export type PreferenceTask = z.output<typeof preferenceTaskSchema>;
