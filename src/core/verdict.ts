/** What a verifier says about one response. A failure to verify is a status, never a silent 0. */
export interface Verdict {
  status: 'scored' | 'timeout' | 'error';
  /** The reward the RL loop uses (1/0 for most domains; SWE's is in [-1, 1]). */
  reward: number;
  /** Whether the response counts as correct for accuracy metrics. */
  correct: boolean;
  /** One line a person can read: why this reward. */
  reason: string;
  /** Domain-specific detail (extracted answer, per-instruction results, per-test results…). */
  details: Record<string, unknown>;
}

export interface VerifyContext {
  /** Abort the check (the caller's time limit); verifiers that run long work must honour it. */
  signal?: AbortSignal;
  /** Per-check wall-clock limit in milliseconds, where the verifier enforces its own. */
  timeoutMs?: number;
}

/** A verifier is a pure async function of the task row and the response. */
export type Verifier<Task> = (task: Task, response: string, context?: VerifyContext) => Promise<Verdict>;

export function scored(
  reward: number,
  correct: boolean,
  reason: string,
  details: Record<string, unknown> = {},
): Verdict {
  return { status: 'scored', reward, correct, reason, details };
}

export function failed(
  status: 'timeout' | 'error',
  reason: string,
  details: Record<string, unknown> = {},
): Verdict {
  return { status, reward: 0, correct: false, reason, details };
}

/** Scores prompt/answer pairs with a reward model; engines provide it, the preference verifier uses it. */
export type PreferenceScorer = (pairs: { prompt: string; answer: string }[]) => Promise<number[]>;
