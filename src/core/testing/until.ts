/**
 * Test helper: resolves once `condition()` holds, polling every few ms; rejects after `timeoutMs`
 * naming what it waited for. For tests that must wait on another task's progress: a fixed sleep
 * races the event loop on a loaded machine.
 */
export async function until(condition: () => boolean, what = 'condition', timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
