/**
 * JSON Lines reading and writing. The reader streams a file line by line and never throws on a
 * bad line: each non-blank line becomes `{line, value}` or `{line, error}`, so a caller can report
 * the line and go on. It does not validate rows; schemas do that.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import { CascadeError } from '../core/errors.ts';

/** One non-blank line of a JSONL file; `line` is 1-based. */
export type JsonlRecord = { line: number; value: unknown } | { line: number; error: string };

/** Parses one line (the pure step of the reader); blank lines give undefined. */
export function parseJsonlLine(text: string, line: number): JsonlRecord | undefined {
  // trim() also drops a byte-order mark and the \r of CRLF files
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  try {
    return { line, value: JSON.parse(trimmed) };
  } catch (error) {
    return { line, error: `not valid JSON: ${(error as Error).message}` };
  }
}

/** Parses an async stream of lines (numbering them from 1). */
export async function* parseJsonlLines(lines: AsyncIterable<string>): AsyncGenerator<JsonlRecord> {
  let line = 0;
  for await (const text of lines) {
    line += 1;
    const record = parseJsonlLine(text, line);
    if (record) yield record;
  }
}

/** Streams a JSONL file. Throws CascadeError('io') only when the file itself cannot be opened or read. */
export async function* readJsonl(path: string): AsyncGenerator<JsonlRecord> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new CascadeError('io', `cannot open JSONL file: ${(error as Error).message}`, { where: path });
  }
  const stream = handle.createReadStream({ encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  try {
    yield* parseJsonlLines(lines);
  } catch (error) {
    throw new CascadeError('io', `cannot read JSONL file: ${(error as Error).message}`, { where: path });
  } finally {
    lines.close();
    stream.destroy();
  }
}

/** One JSON value as one JSONL line (JSON.stringify never emits a raw newline). */
export function formatJsonlLine(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}

export interface JsonlWriter {
  /** Writes one row, waiting when the stream asks for back-pressure. */
  write(value: unknown): Promise<void>;
  /** Flushes; closes the stream only when the writer opened it (a file), never stdout. */
  close(): Promise<void>;
}

/** A writer to a file path (created or truncated) or to an existing stream such as stdout. */
export function openJsonlWriter(target: string | Writable): JsonlWriter {
  const ownsStream = typeof target === 'string';
  const stream: Writable = ownsStream ? createWriteStream(target, { encoding: 'utf8' }) : target;
  let failure: Error | undefined;
  stream.on('error', (error) => {
    failure = error;
  });
  const where = ownsStream ? (target as string) : 'output stream';
  const check = () => {
    if (failure) throw new CascadeError('io', `cannot write JSONL: ${failure.message}`, { where });
  };
  return {
    async write(value) {
      check();
      if (!stream.write(formatJsonlLine(value))) {
        await new Promise<void>((resolve) => {
          const done = () => {
            stream.off('drain', done);
            stream.off('error', done);
            resolve();
          };
          stream.on('drain', done);
          stream.on('error', done);
        });
      }
      check();
    },
    async close() {
      check();
      if (!ownsStream) return;
      await new Promise<void>((resolve, reject) => {
        (stream as WriteStream).end((error?: Error | null) => {
          const cause = error ?? failure;
          if (cause) reject(new CascadeError('io', `cannot write JSONL: ${cause.message}`, { where, cause }));
          else resolve();
        });
      });
    },
  };
}
