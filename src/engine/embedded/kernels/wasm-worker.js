// A worker thread of the WebAssembly sgemm backend (wasm-pool.ts starts it). It instantiates the
// kernel module on the shared memory, then loops: wait for its slot's seq to change, run the job
// described in the slot, publish done. Plain JavaScript so it needs no TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads';

const { module, memory, slotByte, layout, spinChecks } = workerData;
const { sgemm } = new WebAssembly.Instance(module, { env: { memory } }).exports;
const ints = new Int32Array(memory.buffer, slotByte, layout.words);
const floats = new Float32Array(memory.buffer, slotByte, layout.words);

// Spinning briefly first keeps back-to-back GEMMs of a training step free of wake-up latency.
function nextSeq(last) {
  for (let i = 0; i < spinChecks; i++) {
    const seq = Atomics.load(ints, layout.seq);
    if (seq !== last) return seq;
  }
  for (;;) {
    Atomics.wait(ints, layout.seq, last);
    const seq = Atomics.load(ints, layout.seq);
    if (seq !== last) return seq;
  }
}

let last = Atomics.load(ints, layout.seq);
parentPort.postMessage('ready');
for (;;) {
  const seq = nextSeq(last);
  last = seq;
  if (ints[layout.op] === layout.opStop) break;
  try {
    sgemm(
      ints[layout.transA],
      ints[layout.transB],
      ints[layout.M],
      ints[layout.N],
      ints[layout.K],
      floats[layout.alpha],
      ints[layout.A],
      ints[layout.lda],
      ints[layout.B],
      ints[layout.ldb],
      floats[layout.beta],
      ints[layout.C],
      ints[layout.ldc],
      ints[layout.work],
    );
    ints[layout.status] = 0;
  } catch {
    ints[layout.status] = 1;
  }
  Atomics.store(ints, layout.done, seq);
  Atomics.notify(ints, layout.done);
}
Atomics.store(ints, layout.done, last);
Atomics.notify(ints, layout.done);
