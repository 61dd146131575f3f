/**
 * Spawns one command in its own process group, feeds stdin, caps stdout and stderr, and kills the
 * whole group with SIGKILL on the wall-clock limit or when output runs past the cap.
 */
import { type ChildProcess, spawn } from 'node:child_process';

export interface ExecuteOptions {
  argv: string[];
  /**
   * A process already started and waiting (standby.ts): it is used instead of spawning argv, and
   * `release` lets it go once every listener is attached. Its wall clock starts here.
   */
  started?: { child: ChildProcess; release: () => void };
  stdin: string;
  wallMs: number;
  /** Cap on stdout and on stderr, each. */
  outputBytes: number;
  env: Record<string, string>;
  cwd?: string;
}

export interface ExecuteOutcome {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  wallMs: number;
  timedOut: boolean;
  outputLimited: boolean;
  /** The process could not be started at all. */
  spawnError: string | null;
}

// after the main process exits, how long to wait for its pipes to close before giving up on them
const PIPE_GRACE_MS = 500;

export function execute(options: ExecuteOptions): Promise<ExecuteOutcome> {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const elapsedMs = () => Number(process.hrtime.bigint() - started) / 1e6;
    const capture = {
      stdout: new OutputCapture(options.outputBytes),
      stderr: new OutputCapture(options.outputBytes),
    };
    let timedOut = false;
    let outputLimited = false;
    let exit: { code: number | null; signal: string | null; wallMs: number } | null = null;
    let settled = false;

    const child =
      options.started?.child ??
      spawn(options.argv[0], options.argv.slice(1), {
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: true,
        env: options.env,
        cwd: options.cwd,
      });
    const killGroup = () => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // the group is already gone
      }
    };
    const finish = (spawnError: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(wallTimer);
      clearTimeout(graceTimer);
      resolve({
        exitCode: exit?.code ?? null,
        signal: exit?.signal ?? null,
        stdout: capture.stdout.text(),
        stderr: capture.stderr.text(),
        wallMs: exit?.wallMs ?? elapsedMs(),
        timedOut,
        outputLimited,
        spawnError,
      });
    };
    const wallTimer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, options.wallMs);
    let graceTimer: NodeJS.Timeout | undefined;

    for (const [name, stream] of [
      ['stdout', child.stdout],
      ['stderr', child.stderr],
    ] as const) {
      stream?.on('data', (chunk: Buffer) => {
        if (!capture[name].add(chunk) && !outputLimited) {
          outputLimited = true;
          killGroup();
        }
      });
    }
    child.on('error', (error) => finish(error.message));
    child.on('exit', (code, signal) => {
      exit = { code, signal, wallMs: elapsedMs() };
      // descendants outside a PID namespace (unsandboxed runs) may still hold the pipes
      killGroup();
      graceTimer = setTimeout(() => finish(null), PIPE_GRACE_MS);
    });
    child.on('close', () => finish(null));
    // a program that never reads its input closes the pipe early: that is not an error
    child.stdin?.on('error', () => {});
    options.started?.release();
    child.stdin?.end(options.stdin);
  });
}

/** Keeps at most `limit` bytes; `add` says whether the chunk fit. */
class OutputCapture {
  private readonly chunks: Buffer[] = [];
  private size = 0;

  constructor(private readonly limit: number) {}

  add(chunk: Buffer): boolean {
    const room = this.limit - this.size;
    if (room <= 0) return chunk.length === 0;
    this.chunks.push(chunk.length <= room ? chunk : chunk.subarray(0, room));
    this.size += Math.min(room, chunk.length);
    return chunk.length <= room;
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}
