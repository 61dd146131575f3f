import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Completion, SampleOptions } from '../../core/engine.ts';
import type { ServeBackend } from './backend.ts';
import { batchKey, createScheduler } from './scheduler.ts';

const base: SampleOptions = { n: 2, maxNewTokens: 4, temperature: 1, topP: 1, stopTokenIds: [9] };

/** Each completion's tokens are [call number, prompt[0], row within prompt]: where it was sampled shows. */
function recordingBackend(log: string[]): ServeBackend {
  let call = 0;
  return {
    name: 'recording',
    maxContext: 100,
    async sample(prompts, options) {
      call++;
      log.push(`sample ${prompts.map((p) => p[0]).join(',')} n=${options.n}`);
      const out: Completion[] = [];
      prompts.forEach((prompt, promptIndex) => {
        for (let j = 0; j < options.n; j++)
          out.push({
            promptIndex,
            tokens: [call, prompt[0], j],
            logprobs: [0, 0, 0],
            finishReason: 'length',
          });
      });
      return out;
    },
    async logprobs(sequences) {
      log.push(`score ${sequences.length}`);
      return sequences.map((s) => Float32Array.from(s));
    },
    async close() {},
  };
}

describe('scheduler', () => {
  it('requests that arrive together share one sample call; each gets its own completions back', async () => {
    const log: string[] = [];
    const backend = recordingBackend(log);
    const scheduler = createScheduler(() => backend);
    const results = await Promise.all([1, 2, 3].map((p) => scheduler.sample([p], base)));
    assert.deepEqual(log, ['sample 1,2,3 n=2']);
    assert.deepEqual(
      results.map((r) => r.map((c) => c.tokens)),
      [1, 2, 3].map((p) => [
        [1, p, 0],
        [1, p, 1],
      ]),
    );
    assert.ok(results.flat().every((c) => c.promptIndex === 0));
  });

  it('different settings and seeded requests get separate calls; scoring is one call', async () => {
    const log: string[] = [];
    const backend = recordingBackend(log);
    const scheduler = createScheduler(() => backend);
    await Promise.all([
      scheduler.sample([1], base),
      scheduler.sample([2], { ...base, temperature: 0.5 }),
      scheduler.sample([3], base),
      scheduler.sample([4], { ...base, seed: 7 }),
      scheduler.sample([5], { ...base, seed: 7 }),
      scheduler.logprobs([1, 2]),
      scheduler.logprobs([3]),
    ]);
    assert.deepEqual(log, ['sample 1,3 n=2', 'sample 2 n=2', 'sample 4 n=2', 'sample 5 n=2', 'score 2']);
  });

  it('requests arriving while a batch runs join the next batch; exclusive work runs between batches', async () => {
    const log: string[] = [];
    const inner = recordingBackend(log);
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let first = true;
    let batchOneStarted: () => void = () => {};
    const started = new Promise<void>((resolve) => {
      batchOneStarted = resolve;
    });
    const backend: ServeBackend = {
      ...inner,
      async sample(prompts, options) {
        if (first) {
          first = false;
          log.push('batch 1 starts');
          batchOneStarted();
          await gate;
        }
        return inner.sample(prompts, options);
      },
    };
    const scheduler = createScheduler(() => backend);
    const one = scheduler.sample([1], base);
    // wait on the event itself, not a timer: a loaded machine can fire a 5 ms timer before the batch's first turn
    await started;
    assert.deepEqual(log, ['batch 1 starts']);
    const two = scheduler.sample([2], base);
    const reload = scheduler.exclusive(async () => {
      log.push('reload');
      return 'done';
    });
    const three = scheduler.sample([3], base);
    const four = scheduler.sample([4], base);
    release();
    await Promise.all([one, two, reload, three, four]);
    assert.deepEqual(log, ['batch 1 starts', 'sample 1 n=2', 'sample 2 n=2', 'reload', 'sample 3,4 n=2']);
    assert.equal(await reload, 'done');
    assert.equal(scheduler.stats().largestBatch, 2);
  });

  it('with a window, waits while requests keep arriving, then batches them all', async () => {
    const log: string[] = [];
    const backend = recordingBackend(log);
    // a wide window: each 5 ms sleep must land inside it even on a loaded machine
    const scheduler = createScheduler(() => backend, { batchWindowMs: 200 });
    const pending: Promise<unknown>[] = [];
    for (let p = 1; p <= 4; p++) {
      pending.push(scheduler.sample([p], base));
      // each arrives well inside the window the one before it opened
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await Promise.all(pending);
    assert.deepEqual(log, ['sample 1,2,3,4 n=2']);
  });

  it('splits a group over the row budget', async () => {
    const log: string[] = [];
    const backend = recordingBackend(log);
    const scheduler = createScheduler(() => backend, { maxBatchRows: 4 });
    await Promise.all([1, 2, 3].map((p) => scheduler.sample([p], base)));
    assert.deepEqual(log, ['sample 1,2 n=2', 'sample 3 n=2']);
  });

  it('a failing call rejects only its own group', async () => {
    const log: string[] = [];
    const inner = recordingBackend(log);
    const backend: ServeBackend = {
      ...inner,
      async sample(prompts, options) {
        if (options.temperature === 0.5) throw new Error('boom');
        return inner.sample(prompts, options);
      },
    };
    const scheduler = createScheduler(() => backend);
    const [ok, bad] = await Promise.allSettled([
      scheduler.sample([1], base),
      scheduler.sample([2], { ...base, temperature: 0.5 }),
    ]);
    assert.equal(ok.status, 'fulfilled');
    assert.equal(bad.status, 'rejected');
  });

  it('batchKey ignores stop-id order and separates seeds', () => {
    assert.equal(
      batchKey({ ...base, stopTokenIds: [3, 1] }, 0),
      batchKey({ ...base, stopTokenIds: [1, 3] }, 1),
    );
    assert.notEqual(batchKey({ ...base, seed: 1 }, 0), batchKey({ ...base, seed: 1 }, 1));
  });
});
