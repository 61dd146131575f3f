/**
 * Learning-rate schedules as pure functions of the step: cosine with linear warm-up (Cascade 2 SFT:
 * 5e-5 → 5e-6 over 40K steps, 200 warm-up steps), constant (the RL stages), and linear warm-up then
 * constant (MOPD: 2e-7 → 2e-6 over 30 steps). Steps count from 0; the value is the rate used by that step.
 */
import { z } from 'zod';

export const ScheduleSchema = z.object({
  kind: z
    .enum(['cosine', 'constant', 'linear-warmup'])
    .default('constant')
    .describe('cosine: warm-up then cosine decay to minLearningRate; linear-warmup: warm-up then constant.'),
  learningRate: z.number().positive().describe('The peak learning rate (after warm-up).'),
  minLearningRate: z.number().min(0).default(0).describe('Where cosine decay ends (0 in Cascade 1 SFT).'),
  warmupSteps: z.number().int().min(0).default(0),
  warmupStartLearningRate: z
    .number()
    .min(0)
    .default(0)
    .describe('Rate at step 0 of the warm-up (MOPD starts from 2e-7).'),
  totalSteps: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('Length of the cosine (decay ends here); defaults to the run length the trainer computes.'),
});
export type Schedule = z.output<typeof ScheduleSchema>;
export type ScheduleInput = z.input<typeof ScheduleSchema>;

/** The learning rate of step `step` (0-based) of a run of `runSteps` steps. */
export function learningRateAt(
  schedule: Schedule,
  step: number,
  runSteps = schedule.totalSteps ?? 1,
): number {
  const { learningRate, warmupSteps, warmupStartLearningRate } = schedule;
  if (step < warmupSteps) {
    // linear from the start value, reaching the peak at step = warmupSteps
    return warmupStartLearningRate + ((learningRate - warmupStartLearningRate) * step) / warmupSteps;
  }
  if (schedule.kind !== 'cosine') return learningRate;
  const total = schedule.totalSteps ?? runSteps;
  const decaySteps = Math.max(1, total - warmupSteps);
  const progress = Math.min(1, (step - warmupSteps) / decaySteps);
  const { minLearningRate } = schedule;
  return minLearningRate + 0.5 * (learningRate - minLearningRate) * (1 + Math.cos(Math.PI * progress));
}
