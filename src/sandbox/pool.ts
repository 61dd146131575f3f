/**
 * A bounded pool over one sandbox: at most `concurrency` programs (or compilations) at once, and
 * at most `maxQueued` tasks waiting. Past that bound a submission is rejected at once with
 * `sandbox_queue_full` rather than piling up unbounded; producers that want to wait instead
 * `await pool.waitForRoom()` before submitting (backpressure). Cleanup after a killed parent is the
 * sandbox's: `--die-with-parent`, and stale scratch/cgroup directories swept by the next sandbox.
 */
import { availableParallelism } from 'node:os';
import { CascadeError } from '../core/errors.ts';
import { type CompileRequest, openSandbox, type Sandbox, type SandboxOptions } from './sandbox.ts';
import type { CompiledProgram, CompileOutcome, RunInput, RunRequest, RunResult } from './types.ts';

export interface PoolOptions {
  /** Programs run at once; default os.availableParallelism(). */
  concurrency?: number;
  /** Tasks waiting for a slot before submissions are rejected; default 10,000. */
  maxQueued?: number;
}

export const DEFAULT_MAX_QUEUED = 10_000;

interface Waiter {
  start: () => void;
  fail: (error: Error) => void;
}

export class SandboxPool {
  readonly concurrency: number;
  readonly maxQueued: number;
  private running = 0;
  private readonly queue: Waiter[] = [];
  private readonly roomWaiters: (() => void)[] = [];
  private closed = false;

  constructor(
    readonly sandbox: Sandbox,
    options: PoolOptions = {},
  ) {
    this.concurrency = positiveInteger(options.concurrency ?? availableParallelism(), 'concurrency');
    this.maxQueued = positiveInteger(options.maxQueued ?? DEFAULT_MAX_QUEUED, 'maxQueued');
  }

  runProgram(request: RunRequest): Promise<RunResult> {
    return this.submit(() => this.sandbox.runProgram(request));
  }

  compileProgram(request: CompileRequest): Promise<CompileOutcome> {
    return this.submit(() => this.sandbox.compileProgram(request));
  }

  runCompiled(program: CompiledProgram, input?: RunInput): Promise<RunResult> {
    return this.submit(() => this.sandbox.runCompiled(program, input));
  }

  /** Tasks running and waiting now. */
  load(): { running: number; queued: number } {
    return { running: this.running, queued: this.queue.length };
  }

  /** Resolves once a submission would be accepted (the queue is below maxQueued). */
  waitForRoom(): Promise<void> {
    if (this.queue.length < this.maxQueued) return Promise.resolve();
    return new Promise((resolve) => this.roomWaiters.push(resolve));
  }

  /** Rejects waiting tasks, lets running ones finish, then closes the sandbox. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const waiter of this.queue.splice(0)) waiter.fail(closedError());
    while (this.running > 0) await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
    await this.sandbox.close();
  }

  /** Runs `task` when a slot is free. */
  async submit<T>(task: () => Promise<T>): Promise<T> {
    if (this.closed) throw closedError();
    if (this.running >= this.concurrency) {
      if (this.queue.length >= this.maxQueued) {
        throw new CascadeError(
          'sandbox_queue_full',
          `${this.queue.length} tasks already wait for ${this.concurrency} slots. ` +
            'HINT: bound the caller’s concurrency, await pool.waitForRoom() before submitting, or raise maxQueued',
          { where: 'sandbox pool' },
        );
      }
      await new Promise<void>((start, fail) => this.queue.push({ start, fail }));
    } else {
      this.running++;
    }
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  /** Hands the slot to the next waiter (running stays the same) or frees it. */
  private release(): void {
    const next = this.queue.shift();
    if (next) next.start();
    else this.running--;
    for (const wake of this.roomWaiters.splice(0)) wake();
  }
}

/** Opens a sandbox (fails closed, as openSandbox does) and wraps it in a pool. */
export async function createSandboxPool(options: SandboxOptions & PoolOptions = {}): Promise<SandboxPool> {
  // one standby launcher per slot, so every slot's next run finds its cgroup already joined
  const standby = options.standby ?? options.concurrency;
  return new SandboxPool(await openSandbox({ ...options, standby }), options);
}

function positiveInteger(value: number, key: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new CascadeError('sandbox_bad_pool', `must be a positive integer, got ${value}`, { where: key });
  }
  return value;
}

function closedError(): CascadeError {
  return new CascadeError('sandbox_closed', 'the sandbox pool was closed', { where: 'sandbox pool' });
}
