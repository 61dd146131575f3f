/**
 * What trainers report. Every step ends with one `TrainerMetrics` event through the caller's
 * `onMetrics` callback; the cascade runner turns them into progress bars, metrics.jsonl and
 * TensorBoard. Trainers never print or write metrics files themselves.
 */

export type TrainerMethod = 'sft' | 'reward-model' | 'grpo' | 'distill';

export interface TrainerMetrics {
  method: TrainerMethod;
  /** Stage or sub-stage name (e.g. `stage-1`, `24k`). */
  stage: string;
  /** Optimizer steps taken so far in this run, this one included (1-based). */
  step: number;
  /** Steps the run will take in all, where known. */
  totalSteps?: number;
  /** Flat numbers: `loss`, `learning_rate`, `reward/mean`, `math/accuracy`, `time/sampling_s`… */
  values: Record<string, number>;
}

export type MetricsCallback = (metrics: TrainerMetrics) => void;

export function meanOf(values: readonly number[]): number {
  if (values.length === 0) return 0;
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

export function maxOf(values: readonly number[]): number {
  let max = 0;
  for (const value of values) if (value > max) max = value;
  return max;
}

/** Wall-clock seconds spent in named phases (sampling, verification, update). */
export class PhaseTimer {
  private readonly seconds = new Map<string, number>();

  async time<T>(phase: string, work: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await work();
    } finally {
      this.add(phase, (performance.now() - start) / 1000);
    }
  }

  add(phase: string, seconds: number): void {
    this.seconds.set(phase, (this.seconds.get(phase) ?? 0) + seconds);
  }

  get(phase: string): number {
    return this.seconds.get(phase) ?? 0;
  }

  /** `time/<phase>_s` entries for a metrics event. */
  values(): Record<string, number> {
    return Object.fromEntries([...this.seconds].map(([phase, s]) => [`time/${phase}_s`, s]));
  }
}

/** Throws the signal's reason when the caller aborted, between steps. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  signal?.throwIfAborted();
}
