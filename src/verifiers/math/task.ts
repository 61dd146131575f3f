/** The math task row: the gold answer, as the dataset writes it (`5`, `\frac{1}{2}`, `$\boxed{5}$`). */
import { z } from 'zod';

export const mathTaskSchema = z.object({
  answer: z.string().describe('Gold final answer; LaTeX or plain, boxed or bare'),
});

export type MathTask = z.infer<typeof mathTaskSchema>;
