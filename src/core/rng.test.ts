import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from './rng.ts';

test('same seed gives the same stream; different seeds differ', () => {
  const a = new Rng(42);
  const b = new Rng(42);
  const c = new Rng(43);
  const xs = Array.from({ length: 5 }, () => a.next());
  assert.deepEqual(
    xs,
    Array.from({ length: 5 }, () => b.next()),
  );
  assert.notDeepEqual(
    xs,
    Array.from({ length: 5 }, () => c.next()),
  );
});

test('state round-trips: a restored generator continues the same stream', () => {
  const a = new Rng(7);
  for (let i = 0; i < 10; i++) a.next();
  const restored = new Rng(a.state());
  assert.deepEqual(
    Array.from({ length: 8 }, () => restored.nextUint32()),
    Array.from({ length: 8 }, () => a.nextUint32()),
  );
});

test('uniform draws are in [0,1) with mean near 1/2', () => {
  const rng = new Rng(1);
  let sum = 0;
  for (let i = 0; i < 100_000; i++) {
    const x = rng.next();
    assert.ok(x >= 0 && x < 1);
    sum += x;
  }
  assert.ok(Math.abs(sum / 100_000 - 0.5) < 0.01);
});
