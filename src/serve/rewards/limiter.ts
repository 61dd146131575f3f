/** A first-come, first-served concurrency limit: at most `limit` tasks run, the rest wait in order. */
export class Limiter {
  private running = 0;
  private readonly waiters: Array<() => void> = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`a concurrency limit must be a positive integer, got ${limit}`);
  }

  /** Tasks running now. */
  get active(): number {
    return this.running;
  }

  /** Tasks waiting for a slot. */
  get waiting(): number {
    return this.waiters.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiters.push(resolve));
    else this.running += 1;
    try {
      return await task();
    } finally {
      // hand the slot straight to the next waiter, so `running` never dips and lets a newcomer jump the queue
      const next = this.waiters.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}
