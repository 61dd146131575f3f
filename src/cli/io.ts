/** Small I/O helpers shared by the commands. */
import { readFile } from 'node:fs/promises';
import { CascadeError } from '../core/errors.ts';

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads a JSON file (or stdin when `path` is '-' or undefined), naming the file on a parse error. */
export async function readJson(path: string | undefined, what: string): Promise<unknown> {
  const text = path && path !== '-' ? await readText(path) : await readStdin();
  const name = path && path !== '-' ? path : '<stdin>';
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CascadeError('bad_json', `${what} is not valid JSON: ${(error as Error).message}`, {
      where: name,
    });
  }
}

export async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new CascadeError('io', `cannot read: ${(error as Error).message}`, { where: path });
  }
}

/**
 * Resolves once SIGINT or SIGTERM has closed `server` (in-flight requests finish first); a second
 * signal exits at once. `command` names the lines written to stderr.
 */
export function closeOnSignal(command: string, server: { close(): Promise<void> }): Promise<void> {
  return new Promise<void>((done) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        process.stderr.write(`${command}: ${signal} again, exiting now\n`);
        process.exit(130);
      }
      stopping = true;
      process.stderr.write(`${command}: ${signal}: finishing in-flight requests\n`);
      server.close().then(() => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        process.stderr.write(`${command}: stopped\n`);
        done();
      });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
