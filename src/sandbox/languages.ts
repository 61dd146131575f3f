/** Per language: the file the source goes in, how it compiles (if it does) and how it runs. */
import type { Language, Limits } from './types.ts';

export interface ToolPaths {
  python: string;
  node: string;
  gxx: string;
}

export interface LanguageSpec {
  /** File the source is written to. */
  sourceFile: string;
  /** File that runs: the source itself, or the binary the compiler writes. */
  entryFile: string;
  /** Compiler command run in the working directory, or null for interpreted languages. */
  compile: ((tools: ToolPaths) => string[]) | null;
  /** Command that runs the entry (an absolute path inside the sandbox) with the program's arguments. */
  run: (tools: ToolPaths, entryPath: string, argv: string[], limits: Limits) => string[];
  /** V8 reserves far more address space than it uses, so RLIMIT_AS would break it. */
  addressSpaceLimitSafe: boolean;
}

export const LANGUAGE_SPECS: Record<Language, LanguageSpec> = {
  python: {
    sourceFile: 'main.py',
    entryFile: 'main.py',
    compile: null,
    // -B: the source is read-only and short-lived, so no .pyc files
    run: (tools, entry, argv) => [tools.python, '-B', entry, ...argv],
    addressSpaceLimitSafe: true,
  },
  javascript: {
    sourceFile: 'main.js',
    entryFile: 'main.js',
    compile: null,
    // the cgroup limits the whole process; this makes V8 fail its own way first (a clear message)
    run: (tools, entry, argv, limits) => [
      tools.node,
      `--max-old-space-size=${Math.max(16, Math.floor(limits.memoryMb * 0.75))}`,
      entry,
      ...argv,
    ],
    addressSpaceLimitSafe: false,
  },
  cpp: {
    sourceFile: 'main.cpp',
    entryFile: 'main',
    // -pipe keeps intermediate files in memory (no /tmp writes); same flags as the brief's judge
    compile: (tools) => [tools.gxx, '-std=c++17', '-O2', '-pipe', '-o', 'main', 'main.cpp'],
    run: (_tools, entry, argv) => [entry, ...argv],
    addressSpaceLimitSafe: true,
  },
};

/** Environment inside the sandbox: nothing of the caller's leaks in. */
export function sandboxEnv(): Record<string, string> {
  return {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    HOME: '/sandbox',
    TMPDIR: '/tmp',
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONIOENCODING: 'utf-8',
  };
}
