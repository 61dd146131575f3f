import assert from 'node:assert/strict';
import { test } from 'node:test';
import { until } from './until.ts';

test('until resolves once the condition holds, and rejects naming it after the timeout', async () => {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 1);
  await until(() => ticks >= 3, 'three ticks');
  clearInterval(timer);
  assert.ok(ticks >= 3);
  await assert.rejects(
    until(() => false, 'never', 20),
    /timed out after 20 ms waiting for never/,
  );
});
