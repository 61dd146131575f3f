/**
 * Worker threads that each run one part of a WebAssembly sgemm on the shared memory. Dispatch and
 * completion go through Atomics on a per-worker control slot (wasm-slot.ts), so handing out a part
 * costs microseconds. The main thread blocks in Atomics.wait while it waits, which Node allows.
 * Workers are unref'd: an undisposed pool never keeps the process alive.
 */
import { Worker } from 'node:worker_threads';
import { CascadeError } from '../../../core/errors.ts';
import { slotLayout, type WasmSgemmJob, writeJob } from './wasm-slot.ts';
import type { WasmMemory, WasmModule } from './webassembly.ts';

interface Slot {
  ints: Int32Array;
  floats: Float32Array;
  worker: Worker;
  /** Byte address of this worker's workspace. */
  work: number;
  seq: number;
}

export interface WasmPoolOptions {
  module: WasmModule;
  memory: WasmMemory;
  /** One control slot and one workspace per worker, as byte addresses in `memory`. */
  slots: Array<{ slotByte: number; workByte: number }>;
  /** Atomics.load checks a thread spins before it sleeps in Atomics.wait. */
  spinChecks: number;
}

function startWorker(options: WasmPoolOptions, slotByte: number): Promise<Worker> {
  const worker = new Worker(new URL('./wasm-worker.js', import.meta.url), {
    workerData: {
      module: options.module,
      memory: options.memory,
      slotByte,
      layout: slotLayout,
      spinChecks: options.spinChecks,
    },
    execArgv: [],
  });
  return new Promise((resolve, reject) => {
    worker.once('message', () => {
      worker.removeAllListeners('error');
      worker.unref();
      resolve(worker);
    });
    worker.once('error', (error) =>
      reject(new CascadeError('kernels-wasm-worker', `a kernels worker failed to start: ${error.message}`)),
    );
  });
}

export class WasmWorkerPool {
  private stopped = false;

  private constructor(
    private readonly slots: Slot[],
    private readonly spinChecks: number,
  ) {}

  static async start(options: WasmPoolOptions): Promise<WasmWorkerPool> {
    const workers = await Promise.all(options.slots.map(({ slotByte }) => startWorker(options, slotByte)));
    const slots = options.slots.map(({ slotByte, workByte }, i) => ({
      ints: new Int32Array(options.memory.buffer, slotByte, slotLayout.words),
      floats: new Float32Array(options.memory.buffer, slotByte, slotLayout.words),
      worker: workers[i],
      work: workByte,
      seq: 0,
    }));
    return new WasmWorkerPool(slots, options.spinChecks);
  }

  get size(): number {
    return this.slots.length;
  }

  /** Starts `job` on worker `index`; pair every post with a `wait(index)`. */
  post(index: number, job: WasmSgemmJob): void {
    if (this.stopped) throw new CascadeError('kernels-disposed', 'the WebAssembly kernels were disposed');
    const slot = this.slots[index];
    writeJob(slot.ints, slot.floats, job, slot.work);
    slot.seq = (slot.seq + 1) | 0;
    Atomics.store(slot.ints, slotLayout.seq, slot.seq);
    Atomics.notify(slot.ints, slotLayout.seq);
  }

  /** Blocks until worker `index` has finished its last posted job. */
  wait(index: number): void {
    const slot = this.slots[index];
    // The parts are about equal, so the worker is usually moments from done: poll before sleeping.
    for (let i = 0; i < this.spinChecks && Atomics.load(slot.ints, slotLayout.done) !== slot.seq; i++);
    for (;;) {
      const done = Atomics.load(slot.ints, slotLayout.done);
      if (done === slot.seq) break;
      Atomics.wait(slot.ints, slotLayout.done, done);
    }
    if (slot.ints[slotLayout.status] !== 0) {
      throw new CascadeError('kernels-wasm-worker', `kernels worker ${index + 1} trapped in sgemm`);
    }
  }

  async dispose(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await Promise.all(
      this.slots.map(async (slot) => {
        const exited = new Promise((resolve) => slot.worker.once('exit', resolve));
        slot.worker.ref(); // keep the event loop alive until the worker has gone
        slot.ints[slotLayout.op] = slotLayout.opStop;
        slot.seq = (slot.seq + 1) | 0;
        Atomics.store(slot.ints, slotLayout.seq, slot.seq);
        Atomics.notify(slot.ints, slotLayout.seq);
        await exited;
      }),
    );
  }
}
