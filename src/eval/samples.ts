/**
 * The per-sample log that makes runs resumable: one JSON line per scored sample, keyed by suite +
 * item id + sample index. A rerun reads it, skips finished samples and appends the rest. A line
 * cut off by a killed run (the file's last line, without its newline) is dropped and truncated
 * away before appending; a bad line anywhere else is an error naming it.
 */
import { createWriteStream } from 'node:fs';
import { open, readFile, stat, truncate } from 'node:fs/promises';
import { CascadeError } from '../core/errors.ts';
import type { Verdict } from '../core/verdict.ts';
import type { GeneratedCompletion } from './generator.ts';

export interface SampleRecord {
  suite: string;
  item_id: string;
  sample: number;
  completion: Omit<GeneratedCompletion, 'tokens'> & { tokens?: number };
  verdict: Verdict;
}

export function sampleKey(suite: string, itemId: string, sample: number): string {
  return JSON.stringify([suite, itemId, sample]);
}

function isRecord(value: unknown): value is SampleRecord {
  const record = value as SampleRecord;
  return (
    typeof record === 'object' &&
    record !== null &&
    typeof record.suite === 'string' &&
    typeof record.item_id === 'string' &&
    Number.isInteger(record.sample) &&
    typeof record.verdict?.status === 'string' &&
    typeof record.verdict.correct === 'boolean'
  );
}

/** Finished samples by key (the last record wins if a key repeats). A missing file is an empty log. */
export async function readSampleLog(path: string): Promise<Map<string, SampleRecord>> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw new CascadeError('io', `cannot read the sample log: ${error.message}`, { where: path });
  });
  const records = new Map<string, SampleRecord>();
  const lines = text.split('\n');
  const torn = !text.endsWith('\n') ? lines.length - 1 : -1;
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      if (index === torn) return; // the half-written last line of a killed run
      throw new CascadeError('eval_samples', 'not valid JSON (only the last line may be cut off)', {
        where: `${path}:${index + 1}`,
      });
    }
    if (!isRecord(value)) {
      if (index === torn) return;
      throw new CascadeError('eval_samples', 'not a sample record {suite, item_id, sample, verdict}', {
        where: `${path}:${index + 1}`,
      });
    }
    records.set(sampleKey(value.suite, value.item_id, value.sample), value);
  });
  return records;
}

/** Cuts a torn last line off so appended records start on a line of their own. */
export async function repairTornTail(path: string): Promise<void> {
  const size = (await stat(path).catch(() => undefined))?.size ?? 0;
  if (size === 0) return;
  const handle = await open(path, 'r');
  try {
    const tailSize = Math.min(size, 1 << 20);
    const tail = Buffer.alloc(tailSize);
    await handle.read(tail, 0, tailSize, size - tailSize);
    if (tail[tailSize - 1] === 0x0a) return;
    const newline = tail.lastIndexOf(0x0a);
    if (newline < 0 && tailSize < size)
      throw new CascadeError('eval_samples', 'last line longer than 1 MiB and cut off', { where: path });
    await handle.close();
    await truncate(path, newline < 0 ? 0 : size - tailSize + newline + 1);
    return;
  } finally {
    await handle.close().catch(() => {});
  }
}

export interface SampleLog {
  append(record: SampleRecord): Promise<void>;
  close(): Promise<void>;
}

export function openSampleLog(path: string): SampleLog {
  const stream = createWriteStream(path, { flags: 'a', encoding: 'utf8' });
  let failure: Error | undefined;
  stream.on('error', (error) => {
    failure = error;
  });
  return {
    append(record) {
      if (failure)
        return Promise.reject(
          new CascadeError('io', `cannot write the sample log: ${failure.message}`, { where: path }),
        );
      return new Promise((resolve, reject) => {
        stream.write(`${JSON.stringify(record)}\n`, (error) =>
          error
            ? reject(new CascadeError('io', `cannot write the sample log: ${error.message}`, { where: path }))
            : resolve(),
        );
      });
    },
    close: () => new Promise((resolve) => stream.end(() => resolve())),
  };
}
