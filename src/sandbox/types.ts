/** The shapes the sandbox takes and returns. Values only; the behaviour lives in sandbox.ts. */

export type Language = 'python' | 'javascript' | 'cpp';

export const LANGUAGES: readonly Language[] = ['python', 'javascript', 'cpp'];

/** Limits on one execution (or one compilation). Every field is enforced; see README.md for how. */
export interface Limits {
  /** Wall-clock time; the whole process tree is killed with SIGKILL when it runs out. */
  wallMs: number;
  /** CPU time (RLIMIT_CPU, whole seconds, rounded up). */
  cpuMs: number;
  /** Resident memory of the whole tree (cgroup), plus the V8 heap cap for JavaScript. */
  memoryMb: number;
  /** Processes and threads alive at once (pids cgroup). */
  processes: number;
  /** Largest file the program may write (RLIMIT_FSIZE), and the size of its scratch tmpfs. */
  fileSizeMb: number;
  /** Cap on stdout and on stderr, each; the program is killed when it writes more. */
  outputBytes: number;
}

export type RunStatus =
  | 'ok'
  | 'runtime_error'
  | 'timeout'
  | 'memory'
  | 'output_limit'
  | 'compile_error'
  | 'sandbox_error';

export interface RunResult {
  status: RunStatus;
  /** Exit code when the program exited; null when a signal ended it or it never started. */
  exitCode: number | null;
  /** The signal that ended it (e.g. 'SIGKILL'), or null. */
  signal: string | null;
  stdout: string;
  stderr: string;
  wallMs: number;
  /** CPU time of the whole tree from the cpuacct cgroup; null where no cgroup was available. */
  cpuMs: number | null;
  /** Peak memory of the whole tree from the memory cgroup; null where no cgroup was available. */
  maxRssKb: number | null;
  /** Why the status is what it is, in one line (set for every status but 'ok'). */
  reason?: string;
}

export interface RunRequest {
  language: Language;
  source: string;
  stdin?: string;
  argv?: string[];
  /** Extra read-only files placed beside the program, by relative path. */
  files?: Record<string, string>;
  /** Missing fields take DEFAULT_RUN_LIMITS. */
  limits?: Partial<Limits>;
}

/** A program ready to run many times: compiled (C++) or just written out (Python, JavaScript). */
export interface CompiledProgram {
  readonly language: Language;
  /** Host directory holding the program; removed by `dispose`. */
  readonly directory: string;
  /** File name of the program inside `directory` (the binary for C++). */
  readonly entry: string;
  /** Extra files, by relative path, bound beside the program on every run. */
  readonly files: readonly string[];
  /** Removes the program's directory. Safe to call twice. */
  dispose(): Promise<void>;
}

export interface CompileOutcome {
  /** 'ok', 'compile_error' (also a compiler that ran out of time or memory), or 'sandbox_error'. */
  result: RunResult;
  /** Present when result.status is 'ok'. */
  program?: CompiledProgram;
}

export interface RunInput {
  stdin?: string;
  argv?: string[];
  limits?: Partial<Limits>;
}

/** What this machine offers for isolation, as `detectIsolation` found it. */
export interface IsolationReport {
  bubblewrap: { path: string | null; version: string | null; works: boolean; problem?: string };
  cgroup: {
    /** Directories under which per-run cgroups are created, or null where that controller is unusable. */
    memory: string | null;
    pids: string | null;
    cpuacct: string | null;
  };
  /** Interpreters and compilers found on the host (null where missing). */
  tools: Record<'python' | 'node' | 'gxx', string | null>;
}
