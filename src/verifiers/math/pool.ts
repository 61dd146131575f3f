/**
 * A small pool of warm worker threads for the symbolic part of math checks. Each check that the
 * main thread cannot decide goes to an idle warm worker; if it runs past `timeoutMs` the worker is
 * terminated (`worker.terminate()`, which stops even a hung `simplify`), the check comes back as
 * `status: 'timeout'`, and a fresh worker replaces the killed one. The time limit counts from the
 * moment a worker receives the check, not time spent queued behind other checks.
 */
import { Worker } from 'node:worker_threads';
import { CascadeError } from '../../core/errors.ts';
import { failed, type Verdict, type VerifyContext } from '../../core/verdict.ts';
import {
  correctVerdict,
  defaultMathLimits,
  incorrectVerdict,
  type MathDetails,
  type MathLimits,
  prepareMathCheck,
} from './prepare.ts';
import type { AnswerNode } from './structure.ts';
import type { MathTask } from './task.ts';
import type { WorkerMessage, WorkerRequest } from './worker-main.ts';

export interface MathPoolOptions {
  /** Worker threads kept warm (each holds one Compute Engine, ~0.3 s to start). Default 2. */
  workers?: number;
  /** Hard wall-clock limit per symbolic check in milliseconds. Default 5,000. */
  timeoutMs?: number;
  limits?: Partial<MathLimits>;
}

export interface MathPool {
  verify(task: MathTask, response: string, context?: VerifyContext): Promise<Verdict>;
  /** Terminates every worker; checks still queued or running come back as errors. */
  close(): Promise<void>;
}

export const defaultMathTimeoutMs = 5000;

interface Job {
  id: number;
  gold: AnswerNode;
  pred: AnswerNode;
  details: MathDetails;
  timeoutMs: number;
  signal?: AbortSignal;
  resolve(verdict: Verdict): void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job: Job | null;
  timer: NodeJS.Timeout | null;
}

const workerEntry = new URL('./worker-entry.mjs', import.meta.url);

/** How long close() waits for the workers to exit. */
const CLOSE_GRACE_MS = 2000;

export function createMathPool(options: MathPoolOptions = {}): MathPool {
  const workerCount = options.workers ?? 2;
  const timeoutMs = options.timeoutMs ?? defaultMathTimeoutMs;
  const limits: MathLimits = { ...defaultMathLimits, ...options.limits };
  if (!Number.isInteger(workerCount) || workerCount < 1) {
    throw new CascadeError('math-pool', `workers must be a positive integer, got ${workerCount}`, {
      where: 'createMathPool options.workers',
    });
  }
  if (!(timeoutMs > 0)) {
    throw new CascadeError('math-pool', `timeoutMs must be positive, got ${timeoutMs}`, {
      where: 'createMathPool options.timeoutMs',
    });
  }
  const queue: Job[] = [];
  const slots: Slot[] = [];
  let nextId = 0;
  let closed = false;

  // workers keep the process alive only while a check is queued or running
  const updateRefs = () => {
    const busy = queue.length > 0 || slots.some((slot) => slot.job !== null);
    for (const slot of slots) {
      if (busy) slot.worker.ref();
      else slot.worker.unref();
    }
  };

  const finish = (slot: Slot, verdict: Verdict) => {
    const job = slot.job;
    if (!job) return;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
    job.resolve(verdict);
  };

  const replace = (slot: Slot) => {
    const old = slot.worker;
    slot.ready = false;
    old.removeAllListeners();
    // a killed worker's exit is expected; errors after this point are not ours to report
    old.on('error', () => {});
    void old.terminate();
    if (!closed) slot.worker = spawn(slot);
    updateRefs();
  };

  const spawn = (slot: Slot): Worker => {
    const worker = new Worker(workerEntry, { execArgv: [] });
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'ready') {
        slot.ready = true;
        dispatch();
        return;
      }
      const job = slot.job;
      if (!job || job.id !== message.id) return;
      if (message.type === 'result') {
        finish(slot, message.equal ? correctVerdict(job.details) : incorrectVerdict(job.details));
      } else {
        finish(slot, failed('error', `symbolic check failed: ${message.message}`, job.details));
      }
      dispatch();
    });
    worker.on('error', (error) => {
      finish(slot, failed('error', `math worker crashed: ${error.message}`, slot.job?.details ?? {}));
      replace(slot);
      dispatch();
    });
    worker.on('exit', (code) => {
      if (closed || slot.worker !== worker) return;
      finish(slot, failed('error', `math worker exited with code ${code}`, slot.job?.details ?? {}));
      replace(slot);
    });
    return worker;
  };

  const dispatch = () => {
    for (const slot of slots) {
      if (!slot.ready || slot.job || queue.length === 0) continue;
      const job = queue.shift()!;
      slot.job = job;
      slot.timer = setTimeout(() => {
        finish(slot, failed('timeout', `symbolic check ran past ${job.timeoutMs} ms`, job.details));
        replace(slot);
        dispatch();
      }, job.timeoutMs);
      const request: WorkerRequest = { id: job.id, gold: job.gold, pred: job.pred };
      slot.worker.postMessage(request);
    }
    updateRefs();
  };

  const abort = (job: Job) => {
    const queued = queue.indexOf(job);
    if (queued >= 0) {
      queue.splice(queued, 1);
      job.resolve(failed('error', 'math check aborted by the caller', job.details));
      updateRefs();
      return;
    }
    const slot = slots.find((candidate) => candidate.job === job);
    if (!slot) return;
    finish(slot, failed('error', 'math check aborted by the caller', job.details));
    replace(slot);
    dispatch();
  };

  for (let index = 0; index < workerCount; index++) {
    const slot = { ready: false, job: null, timer: null } as unknown as Slot;
    slot.worker = spawn(slot);
    slots.push(slot);
  }
  updateRefs();

  return {
    verify(task, response, context = {}) {
      if (closed) return Promise.resolve(failed('error', 'math pool is closed'));
      if (context.signal?.aborted)
        return Promise.resolve(failed('error', 'math check aborted by the caller'));
      const prepared = prepareMathCheck(task.answer, response, limits);
      if (prepared.decided) return Promise.resolve(prepared.verdict);
      return new Promise<Verdict>((resolve) => {
        const job: Job = {
          id: nextId++,
          gold: prepared.gold,
          pred: prepared.pred,
          details: prepared.details,
          timeoutMs: context.timeoutMs ?? timeoutMs,
          signal: context.signal,
          resolve,
        };
        const onAbort = () => abort(job);
        context.signal?.addEventListener('abort', onAbort, { once: true });
        job.resolve = (verdict) => {
          context.signal?.removeEventListener('abort', onAbort);
          resolve(verdict);
        };
        queue.push(job);
        dispatch();
      });
    },
    async close() {
      closed = true;
      for (const job of queue.splice(0)) job.resolve(failed('error', 'math pool closed', job.details));
      for (const slot of slots) finish(slot, failed('error', 'math pool closed', slot.job?.details ?? {}));
      // terminate() of a worker still starting up can stay pending with nothing keeping the event loop
      // alive (seen while WebAssembly kernel threads run); a ref'd timer bounds the wait
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, CLOSE_GRACE_MS);
      });
      await Promise.race([Promise.all(slots.map((slot) => slot.worker.terminate())), grace]);
      clearTimeout(timer);
    },
  };
}
