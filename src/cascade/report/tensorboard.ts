import { appendFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { CascadeError } from '../../core/errors.ts';
import { encodeEvent, tfRecord } from './event-proto.ts';

export interface TensorBoardWriterOptions {
  /** seconds since the epoch; defaults to the clock (tests pass a fixed one) */
  now?: () => number;
  hostname?: string;
  pid?: number;
  /** pending bytes that trigger a write without waiting for flush() */
  flushBytes?: number;
}

/**
 * Writes scalars as a TensorBoard event file (`events.out.tfevents.<secs>.<host>.<pid>.<n>`) with no
 * TensorFlow dependency. One writer per folder, e.g. runs/<name>/tb/<stage>. Records are buffered
 * and appended on flush(), so a crash loses at most the unflushed tail, never earlier records.
 */
export class TensorBoardWriter {
  readonly path: string;
  private readonly now: () => number;
  private readonly flushBytes: number;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private closed = false;

  constructor(dir: string, options: TensorBoardWriterOptions = {}) {
    this.now = options.now ?? (() => Date.now() / 1000);
    this.flushBytes = options.flushBytes ?? 1 << 16;
    mkdirSync(dir, { recursive: true });
    const start = this.now();
    const prefix = `events.out.tfevents.${Math.floor(start)}.${options.hostname ?? hostname()}.${options.pid ?? process.pid}`;
    // the trailing counter keeps two writers opened in the same second apart
    const taken = new Set(readdirSync(dir));
    let n = 0;
    while (taken.has(`${prefix}.${n}`) || existsSync(join(dir, `${prefix}.${n}`))) n++;
    this.path = join(dir, `${prefix}.${n}`);
    appendFileSync(
      this.path,
      tfRecord(encodeEvent({ wallTime: start, step: 0, fileVersion: 'brain.Event:2' })),
    );
  }

  scalar(tag: string, step: number, value: number, wallTime?: number): void {
    if (this.closed)
      throw new CascadeError('tensorboard-closed', `scalar '${tag}' written after close`, {
        where: this.path,
      });
    const record = tfRecord(
      encodeEvent({ wallTime: wallTime ?? this.now(), step, scalars: [{ tag, value }] }),
    );
    this.pending.push(record);
    this.pendingBytes += record.length;
    if (this.pendingBytes >= this.flushBytes) this.flush();
  }

  flush(): void {
    if (this.pending.length === 0) return;
    appendFileSync(this.path, Buffer.concat(this.pending));
    this.pending = [];
    this.pendingBytes = 0;
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
  }
}
