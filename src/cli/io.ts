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
