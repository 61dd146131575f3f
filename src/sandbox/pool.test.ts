import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SandboxPool } from './pool.ts';
import type { Sandbox } from './sandbox.ts';

/** A sandbox double whose runs finish when the test says so, recording how many run at once. */
function fakeSandbox() {
  const pending: (() => void)[] = [];
  const state = { active: 0, peak: 0, closed: false };
  const sandbox = {
    runProgram: () =>
      new Promise((resolve) => {
        state.active++;
        state.peak = Math.max(state.peak, state.active);
        pending.push(() => {
          state.active--;
          resolve({ status: 'ok' });
        });
      }),
    close: async () => {
      state.closed = true;
    },
  } as unknown as Sandbox;
  const finishOne = async () => {
    pending.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { sandbox, state, finishOne };
}

const request = { language: 'python' as const, source: '' };

test('never runs more than `concurrency` at once, in submission order', async () => {
  const { sandbox, state, finishOne } = fakeSandbox();
  const pool = new SandboxPool(sandbox, { concurrency: 2, maxQueued: 10 });
  const runs = Array.from({ length: 5 }, () => pool.runProgram(request));
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(pool.load(), { running: 2, queued: 3 });
  for (let index = 0; index < 5; index++) await finishOne();
  await Promise.all(runs);
  assert.equal(state.peak, 2);
  assert.deepEqual(pool.load(), { running: 0, queued: 0 });
});

test('a full queue rejects at once with sandbox_queue_full; waitForRoom resolves when there is room', async () => {
  const { sandbox, finishOne } = fakeSandbox();
  const pool = new SandboxPool(sandbox, { concurrency: 1, maxQueued: 1 });
  const first = pool.runProgram(request);
  const second = pool.runProgram(request);
  await assert.rejects(pool.runProgram(request), { code: 'sandbox_queue_full' });
  let roomy = false;
  const room = pool.waitForRoom().then(() => {
    roomy = true;
  });
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(roomy, false);
  await finishOne();
  await room;
  assert.equal(roomy, true);
  await finishOne();
  await Promise.all([first, second]);
});

test('close rejects waiting tasks, waits for running ones, then closes the sandbox', async () => {
  const { sandbox, state, finishOne } = fakeSandbox();
  const pool = new SandboxPool(sandbox, { concurrency: 1 });
  const running = pool.runProgram(request);
  const waiting = pool.runProgram(request);
  await new Promise((resolve) => setImmediate(resolve));
  const closing = pool.close();
  await assert.rejects(waiting, { code: 'sandbox_closed' });
  assert.equal(state.closed, false);
  await finishOne();
  await running;
  await closing;
  assert.equal(state.closed, true);
  await assert.rejects(pool.runProgram(request), { code: 'sandbox_closed' });
});

test('bad pool sizes are errors', () => {
  const { sandbox } = fakeSandbox();
  assert.throws(() => new SandboxPool(sandbox, { concurrency: 0 }), /concurrency/);
});
