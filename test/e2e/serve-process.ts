/** Starts a `cascade` server command as a child process and waits for its URL line (shared by the e2e tests). */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';
import { BIN } from './cli.ts';

const ROOT = join(import.meta.dirname, '..', '..');
// the entry registers only `serve` (bin/cascade.js loads every command: seconds slower to start)
const SERVE_ENTRY = ['--import', 'tsx', join(ROOT, 'test/e2e/serve-entry.ts'), 'serve'];

export interface ServeProcess {
  child: ChildProcessWithoutNullStreams;
  /** `http://127.0.0.1:PORT` */
  url: string;
  stderr(): string;
  exited: Promise<number | null>;
  stop(): Promise<number | null>;
}

/** `cascade serve --port 0 …args` */
export function startServe(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<ServeProcess> {
  return startListening([...SERVE_ENTRY, '--port', '0', ...args], { env });
}

/** `cascade serve-rewards --port 0 …args` */
export function startServeRewards(args: string[], timeoutMs = 60_000): Promise<ServeProcess> {
  return startListening([BIN, 'serve-rewards', '--port', '0', ...args], { timeoutMs });
}

/** Runs `node …nodeArgs` in the project root until it prints `listening on http://127.0.0.1:PORT`. */
function startListening(
  nodeArgs: string[],
  { env = process.env, timeoutMs = 60_000 }: { env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<ServeProcess> {
  const child = spawn(process.execPath, nodeArgs, { cwd: ROOT, env });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no URL line within ${timeoutMs / 1000} s; stderr: ${stderr}`)),
      timeoutMs,
    );
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve({
          child,
          url: match[1],
          stderr: () => stderr,
          exited,
          stop() {
            if (child.exitCode === null) child.kill('SIGTERM');
            return exited;
          },
        });
      }
    });
    child.on('error', reject);
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code} before listening: ${stderr}`));
    });
  });
}
