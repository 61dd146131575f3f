import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Limiter } from './limiter.ts';
import { resolveLimits } from './limits.ts';

describe('Limiter', () => {
  it('runs at most `limit` tasks at once, the rest in arrival order', async () => {
    const limiter = new Limiter(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const task = (id: number, ms: number) =>
      limiter.run(async () => {
        running += 1;
        peak = Math.max(peak, running);
        order.push(id);
        await new Promise((resolve) => setTimeout(resolve, ms));
        running -= 1;
        return id;
      });
    const pending = [task(0, 30), task(1, 5), task(2, 5), task(3, 5), task(4, 5)];
    assert.equal(limiter.active, 2);
    assert.equal(limiter.waiting, 3);
    assert.deepEqual(await Promise.all(pending), [0, 1, 2, 3, 4]);
    assert.equal(peak, 2);
    assert.deepEqual(order, [0, 1, 2, 3, 4]);
    assert.equal(limiter.active, 0);
    assert.equal(limiter.waiting, 0);
  });

  it('frees the slot when a task throws', async () => {
    const limiter = new Limiter(1);
    await assert.rejects(
      limiter.run(async () => Promise.reject(new Error('boom'))),
      /boom/,
    );
    assert.equal(await limiter.run(async () => 7), 7);
    assert.equal(limiter.active, 0);
  });

  it('refuses a limit that is not a positive integer', () => {
    assert.throws(() => new Limiter(0), RangeError);
  });
});

describe('resolveLimits', () => {
  it('fills defaults: one pool slot per core, the batch limit within the queue', () => {
    const limits = resolveLimits({ maxQueue: 100, concurrency: { mcq: 3 } }, 4);
    assert.equal(limits.poolSize, 4);
    assert.equal(limits.concurrency.math, 32);
    assert.equal(limits.concurrency.code, 8);
    assert.equal(limits.concurrency.mcq, 3);
    assert.equal(limits.maxBatchRows, 100);
    assert.equal(limits.rowTimeoutMs, undefined);
  });

  it('rejects a batch limit above the queue and non-positive limits, naming the key', () => {
    assert.throws(
      () => resolveLimits({ maxQueue: 10, maxBatchRows: 11 }),
      /maxBatchRows: 11 exceeds maxQueue 10/,
    );
    assert.throws(
      () => resolveLimits({ concurrency: { math: 0 } }),
      /concurrency\.math: must be a positive integer/,
    );
    assert.throws(() => resolveLimits({ maxBodyBytes: 1.5 }), /maxBodyBytes/);
  });
});
