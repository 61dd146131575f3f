/**
 * The worker side of the math pool: one warm Compute Engine per thread. It answers
 * `{ id, gold, pred }` structure pairs with `{ id, equal }`; the pool kills it when a check runs
 * past its time limit, so nothing here needs its own timeout.
 */
import { parentPort } from 'node:worker_threads';
import { ComputeEngine } from '@cortex-js/compute-engine';
import { compareAnswers } from './compare.ts';
import type { AnswerNode } from './structure.ts';
import { createSymbolicEquality } from './symbolic.ts';

export interface WorkerRequest {
  id: number;
  gold: AnswerNode;
  pred: AnswerNode;
}

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'result'; id: number; equal: boolean }
  | { type: 'error'; id: number; message: string };

function startWorker(): void {
  const port = parentPort;
  if (!port) throw new Error('worker-main.ts must run inside a worker thread');
  const equality = createSymbolicEquality(new ComputeEngine());
  // pay Compute Engine's first-use cost (~0.3 s) before the first real check
  equality('\\frac{x^2-1}{x-1}', 'x+1');
  equality('\\sqrt{8}', '2\\sqrt{2}');
  port.on('message', (request: WorkerRequest) => {
    let reply: WorkerMessage;
    try {
      reply = {
        type: 'result',
        id: request.id,
        equal: compareAnswers(request.gold, request.pred, equality) === true,
      };
    } catch (error) {
      reply = {
        type: 'error',
        id: request.id,
        message: error instanceof Error ? error.message : String(error),
      };
    }
    port.postMessage(reply);
  });
  port.postMessage({ type: 'ready' } satisfies WorkerMessage);
}

startWorker();
