/**
 * Between training steps. An embedded engine's step is synchronous compute behind an already
 * resolved promise, so a loop of steps never gives the event loop a turn: SIGINT/SIGTERM handlers,
 * timers and progress output would all wait for the whole stage. One turn per step lets them run;
 * then a stop that was asked for throws.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';

export async function betweenSteps(signal: AbortSignal | undefined): Promise<void> {
  await nextTurn();
  signal?.throwIfAborted();
}
