/**
 * Batches concurrent requests into the engine. Requests queue while a batch runs; when it ends,
 * everything queued is taken at once: sampling requests with the same settings (temperature, top-p,
 * top-k, n, max tokens, stop ids) go into one `sample` call, every scoring request into one
 * `logprobs` call. A request that names a `seed` runs in a call of its own, so the same seed gives the
 * same tokens however busy the server is (the sampler seeds rows by their position in the call).
 * `exclusive` work (a weight reload) runs between batches, never during one.
 */
import type { Completion, SampleOptions } from '../../core/engine.ts';
import type { ServeBackend } from './backend.ts';

export interface SchedulerOptions {
  /** Most completion rows (prompts × n) in one sample call; more wait for the next (default 64). */
  maxBatchRows?: number;
  /**
   * How long a batch waits for more requests before it starts, in ms; it waits again (up to 8 times)
   * while requests keep arriving. Default 0: one event-loop turn, no waiting.
   */
  batchWindowMs?: number;
}

export interface SchedulerStats {
  batches: number;
  sampleCalls: number;
  requests: number;
  /** Largest number of requests served by one sample call. */
  largestBatch: number;
}

export interface Scheduler {
  sample(prompt: number[], options: SampleOptions): Promise<Completion[]>;
  logprobs(sequence: number[]): Promise<Float32Array>;
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  stats(): SchedulerStats;
  /** Resolves once the queue is empty and no batch runs. */
  idle(): Promise<void>;
}

type Job =
  | { kind: 'sample'; prompt: number[]; options: SampleOptions; done: Settle<Completion[]> }
  | { kind: 'score'; sequence: number[]; done: Settle<Float32Array> }
  | { kind: 'exclusive'; work: () => Promise<unknown>; done: Settle<unknown> };

interface Settle<T> {
  resolve(value: T): void;
  reject(error: unknown): void;
}

/** Requests that may share one sample call; seeded ones never share. */
export function batchKey(options: SampleOptions, unique: number): string {
  if (options.seed !== undefined) return `seed:${unique}`;
  const stops = [...options.stopTokenIds].sort((a, b) => a - b).join(',');
  return [options.temperature, options.topP, options.topK ?? 0, options.n, options.maxNewTokens, stops].join(
    '|',
  );
}

export function createScheduler(backend: () => ServeBackend, options: SchedulerOptions = {}): Scheduler {
  const maxRows = options.maxBatchRows ?? 64;
  const windowMs = options.batchWindowMs ?? 0;
  const queue: Job[] = [];
  const counters: SchedulerStats = { batches: 0, sampleCalls: 0, requests: 0, largestBatch: 0 };
  let running: Promise<void> | undefined;

  function submit<T>(make: (done: Settle<T>) => Job): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      queue.push(make({ resolve, reject } as Settle<T>));
      running ??= drain().finally(() => {
        running = undefined;
      });
    });
  }

  /** Waits a window, and more windows (up to 8) while requests keep arriving: clients answered by the last batch come back over several event-loop turns. */
  async function gather(): Promise<void> {
    let windows = 0;
    let seen: number;
    do {
      seen = queue.length;
      await pause(windowMs);
      windows++;
    } while (windowMs > 0 && queue.length > seen && windows < 8);
  }

  async function drain(): Promise<void> {
    await gather();
    while (queue.length > 0) {
      const taken = takeBatch();
      counters.batches++;
      await runBatch(taken);
      await gather();
    }
  }

  /** Everything queued up to the first exclusive job (or that job alone), within the row budget per key. */
  function takeBatch(): Job[] {
    if (queue[0].kind === 'exclusive') return queue.splice(0, 1);
    const taken: Job[] = [];
    const rows = new Map<string, number>();
    let i = 0;
    while (i < queue.length && queue[i].kind !== 'exclusive') {
      const job = queue[i];
      if (job.kind === 'sample') {
        const key = batchKey(job.options, i);
        const used = rows.get(key) ?? 0;
        if (used > 0 && used + job.options.n > maxRows) {
          i++;
          continue;
        }
        rows.set(key, used + job.options.n);
      }
      taken.push(job);
      queue.splice(i, 1);
    }
    return taken;
  }

  async function runBatch(jobs: Job[]): Promise<void> {
    const engine = backend();
    const groups = new Map<string, Extract<Job, { kind: 'sample' }>[]>();
    const scores: Extract<Job, { kind: 'score' }>[] = [];
    for (const [index, job] of jobs.entries()) {
      if (job.kind === 'exclusive') {
        await job.work().then(job.done.resolve, job.done.reject);
      } else if (job.kind === 'score') scores.push(job);
      else {
        const key = batchKey(job.options, index);
        groups.set(key, [...(groups.get(key) ?? []), job]);
      }
    }
    for (const group of groups.values()) {
      counters.sampleCalls++;
      counters.requests += group.length;
      counters.largestBatch = Math.max(counters.largestBatch, group.length);
      try {
        const completions = await engine.sample(
          group.map((job) => job.prompt),
          group[0].options,
        );
        const perPrompt = group.map((): Completion[] => []);
        for (const completion of completions)
          perPrompt[completion.promptIndex].push({ ...completion, promptIndex: 0 });
        for (const [index, job] of group.entries()) job.done.resolve(perPrompt[index]);
      } catch (error) {
        for (const job of group) job.done.reject(error);
      }
    }
    if (scores.length > 0) {
      counters.requests += scores.length;
      try {
        const values = await engine.logprobs(scores.map((job) => job.sequence));
        for (const [index, job] of scores.entries()) job.done.resolve(values[index]);
      } catch (error) {
        for (const job of scores) job.done.reject(error);
      }
    }
  }

  return {
    sample: (prompt, sampleOptions) =>
      submit((done) => ({ kind: 'sample', prompt, options: sampleOptions, done })),
    logprobs: (sequence) => submit((done) => ({ kind: 'score', sequence, done })),
    exclusive: <T>(work: () => Promise<T>) =>
      submit<T>((done) => ({ kind: 'exclusive', work, done: done as Settle<unknown> })),
    stats: () => ({ ...counters }),
    async idle() {
      while (running) await running;
    },
  };
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => (ms > 0 ? setTimeout(resolve, ms) : setImmediate(resolve)));
}

/**
 * No batching here: for an upstream server, which batches on its own. Each request is its own call;
 * `exclusive` waits for nothing (there is nothing local to reload).
 */
export function directSampler(backend: () => ServeBackend): Scheduler {
  const counters: SchedulerStats = { batches: 0, sampleCalls: 0, requests: 0, largestBatch: 1 };
  let inFlight = 0;
  const track = async <T>(work: () => Promise<T>): Promise<T> => {
    inFlight++;
    counters.requests++;
    try {
      return await work();
    } finally {
      inFlight--;
    }
  };
  return {
    sample: (prompt, options) =>
      track(async () => {
        counters.sampleCalls++;
        const completions = await backend().sample([prompt], options);
        return completions.map((completion) => ({ ...completion, promptIndex: 0 }));
      }),
    logprobs: (sequence) => track(async () => (await backend().logprobs([sequence]))[0]),
    exclusive: (work) => work(),
    stats: () => ({ ...counters }),
    async idle() {
      while (inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    },
  };
}
