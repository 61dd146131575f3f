/** Turns what happened to a process into a RunStatus with a one-line reason. Pure. */
import type { RunStatus } from './types.ts';

export interface ProcessOutcome {
  exitCode: number | null;
  signal: string | null;
  stderr: string;
  /** The wall-clock timer fired and the tree was killed. */
  timedOut: boolean;
  /** stdout or stderr went past the cap and the tree was killed. */
  outputLimited: boolean;
  /** The sandbox itself failed (spawn error, cgroup join, bubblewrap setup), with why. */
  sandboxFailure: string | null;
  /** The memory cgroup's OOM killer fired during the run. */
  oomKilled: boolean;
  /** CPU time used, where known. */
  cpuMs: number | null;
  cpuLimitMs: number;
  memoryLimitMb: number;
  wallLimitMs: number;
}

/** bubblewrap reports a child killed by signal N as exit status 128 + N. */
const SIGNAL_NAMES: Record<number, string> = {
  4: 'SIGILL',
  6: 'SIGABRT',
  7: 'SIGBUS',
  8: 'SIGFPE',
  9: 'SIGKILL',
  11: 'SIGSEGV',
  13: 'SIGPIPE',
  15: 'SIGTERM',
  24: 'SIGXCPU',
  25: 'SIGXFSZ',
};

/** The signal behind an exit status, when the status says a signal ended the program. */
export function signalOf(exitCode: number | null, signal: string | null): string | null {
  if (signal) return signal;
  if (exitCode !== null && exitCode > 128 && exitCode < 160)
    return SIGNAL_NAMES[exitCode - 128] ?? `signal ${exitCode - 128}`;
  return null;
}

// messages interpreters print when an allocation fails under RLIMIT_AS or V8's heap cap
const OUT_OF_MEMORY_MESSAGES = [/\bMemoryError\b/, /std::bad_alloc/, /JavaScript heap out of memory/];

export function classify(outcome: ProcessOutcome): { status: RunStatus; reason?: string } {
  if (outcome.sandboxFailure) return { status: 'sandbox_error', reason: outcome.sandboxFailure };
  if (outcome.outputLimited) return { status: 'output_limit', reason: 'output went past the limit' };
  if (outcome.oomKilled) {
    return { status: 'memory', reason: `killed at the ${outcome.memoryLimitMb} MB memory limit` };
  }
  if (outcome.timedOut)
    return { status: 'timeout', reason: `ran past the ${outcome.wallLimitMs} ms wall-clock limit` };
  const signal = signalOf(outcome.exitCode, outcome.signal);
  const cpuSpent = outcome.cpuMs !== null && outcome.cpuMs >= outcome.cpuLimitMs;
  if (signal === 'SIGXCPU' || (signal === 'SIGKILL' && cpuSpent)) {
    return { status: 'timeout', reason: `ran past the ${outcome.cpuLimitMs} ms CPU limit` };
  }
  if (outcome.exitCode === 0 && !signal) return { status: 'ok' };
  if (OUT_OF_MEMORY_MESSAGES.some((pattern) => pattern.test(outcome.stderr))) {
    return {
      status: 'memory',
      reason: `allocation failed under the ${outcome.memoryLimitMb} MB memory limit`,
    };
  }
  if (signal === 'SIGXFSZ')
    return { status: 'runtime_error', reason: 'wrote a file past the file-size limit' };
  if (signal) return { status: 'runtime_error', reason: `killed by ${signal}` };
  return { status: 'runtime_error', reason: `exited with code ${outcome.exitCode}` };
}
