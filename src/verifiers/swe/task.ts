/** An SWE repair task: the files the fix touches, the gold fix as a unified diff, and the issue text. */
import { z } from 'zod';

export const sweTaskSchema = z.object({
  /** path → original content; only the files the gold patch (or the model) touches are needed. */
  original_files: z.record(z.string(), z.string()),
  /** The reference fix as a unified diff (git format is fine), applied to original_files. */
  gold_patch: z.string().min(1),
  /** The issue, for a semantic judge; unused by the lexical reward. */
  problem_statement: z.string().optional(),
  /** SWE-RL's format rule: `<think>`, `</think>`, `<solution>`, `</solution>` each exactly once. */
  strict_format: z.boolean().default(false),
});

export type SweTaskInput = z.input<typeof sweTaskSchema>;
export type SweTask = z.output<typeof sweTaskSchema>;
