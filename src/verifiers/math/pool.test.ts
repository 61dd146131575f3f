import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { isCascadeError } from '../../core/errors.ts';
import { createMathPool } from './pool.ts';

// 100000! takes Compute Engine about 30 s to evaluate: a stand-in for any hung symbolic check
const pathological = '\\boxed{100000!}';

const slow = process.env.CASCADE_SLOW_TESTS
  ? false
  : 'set CASCADE_SLOW_TESTS=1 (each killed worker costs a ~3 s restart)';

describe('createMathPool', () => {
  // generous for real checks on a loaded machine; the hung check gets its own short limit below
  const pool = createMathPool({ workers: 2, timeoutMs: 4000 });
  const hungLimitMs = 500;
  // event-loop and thread-termination latency on a busy 2-core machine
  const marginMs = 1000;
  after(() => pool.close());

  it('checks a symbolic answer in a worker', async () => {
    const verdict = await pool.verify({ answer: '-1' }, '\\boxed{e^{i\\pi}}');
    assert.equal(verdict.status, 'scored');
    assert.equal(verdict.reward, 1);
    assert.equal(verdict.details.path, 'symbolic');
  });

  it('kills a hung check at its time limit, then keeps working', async () => {
    const started = performance.now();
    const verdict = await pool.verify({ answer: '5' }, pathological, { timeoutMs: hungLimitMs });
    const elapsed = performance.now() - started;
    assert.equal(verdict.status, 'timeout');
    assert.equal(verdict.reward, 0);
    assert.equal(verdict.correct, false);
    assert.ok(elapsed < hungLimitMs + marginMs, `came back after ${elapsed.toFixed(0)} ms`);
    const next = await pool.verify({ answer: '2i' }, '\\boxed{(1+i)^2}');
    assert.equal(next.details.path, 'symbolic');
    assert.equal(next.status, 'scored');
    assert.equal(next.reward, 1);
  });

  it('honours a per-call timeoutMs from the context', { skip: slow }, async () => {
    const started = performance.now();
    const verdict = await pool.verify({ answer: '5' }, pathological, { timeoutMs: 200 });
    assert.equal(verdict.status, 'timeout');
    assert.ok(
      performance.now() - started < 200 + marginMs + 8000,
      'includes one replacement warm-up at most',
    );
  });

  it('replaces every killed worker: checks go on after all originals were killed', {
    skip: slow,
  }, async () => {
    for (let kill = 0; kill < 2; kill++) {
      assert.equal(
        (await pool.verify({ answer: '5' }, pathological, { timeoutMs: hungLimitMs })).status,
        'timeout',
      );
    }
    const verdict = await pool.verify({ answer: '2i' }, '\\boxed{(1+i)^2}');
    assert.equal(verdict.reward, 1);
  });

  it('does not hang on a 10 MB response', async () => {
    const tenMegabytes = 10 * 1024 * 1024;
    const started = performance.now();
    const nested = await pool.verify({ answer: '5' }, `${'\\frac{'.repeat(tenMegabytes / 6)}\\boxed{5}`);
    const openBox = await pool.verify({ answer: '5' }, `\\boxed{${'{'.repeat(tenMegabytes)}`);
    const hugeBox = await pool.verify({ answer: '5' }, `\\boxed{${'1+'.repeat(tenMegabytes / 2)}1}`);
    const elapsed = performance.now() - started;
    assert.equal(nested.reward, 1);
    assert.equal(openBox.reward, 0);
    assert.equal(hugeBox.reward, 0);
    assert.match(hugeBox.reason, /too complex/);
    // about 1 s on an idle 2-core machine; the bound only has to tell "linear" from "hung"
    assert.ok(elapsed < 15000, `took ${elapsed.toFixed(0)} ms`);
  });

  it('answers an aborted check with an error verdict', { skip: slow }, async () => {
    const controller = new AbortController();
    const pending = pool.verify({ answer: '5' }, pathological, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const verdict = await pending;
    assert.equal(verdict.status, 'error');
    assert.match(verdict.reason, /aborted/);
  });
});

describe('createMathPool options and close', () => {
  it('rejects a bad worker count with a CascadeError naming the option', () => {
    assert.throws(
      () => createMathPool({ workers: 0 }),
      (error) => isCascadeError(error) && error.where === 'createMathPool options.workers',
    );
  });

  it('answers checks still pending at close with an error verdict', async () => {
    const pool = createMathPool({ workers: 1, timeoutMs: 5000 });
    const pending = pool.verify({ answer: '5' }, pathological);
    await pool.close();
    const verdict = await pending;
    assert.equal(verdict.status, 'error');
    assert.equal((await pool.verify({ answer: '5' }, '\\boxed{5}')).status, 'error');
  });
});
