import assert from 'node:assert/strict';
import { test } from 'node:test';
import { betweenSteps } from './interrupt.ts';

test('betweenSteps lets a pending timer run, then throws the abort it asked for', async () => {
  const controller = new AbortController();
  setTimeout(() => controller.abort(new Error('stop')), 0);
  let steps = 0;
  // each "step" resolves at once, as an embedded engine's does: without a turn the timer never fires
  const step = async () => {
    steps++;
  };
  await assert.rejects(async () => {
    for (let index = 0; index < 1_000_000; index++) {
      await betweenSteps(controller.signal);
      await step();
    }
  }, /stop/);
  assert.ok(steps < 1_000, `stopped after ${steps} steps`);
});

test('betweenSteps without a signal only yields', async () => {
  await betweenSteps(undefined);
});
