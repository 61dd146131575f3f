/**
 * Follows one Ray job to its end: polls its status, streams its log (logs/tail) into a file, and
 * on abort asks Ray to stop it and waits until it has. After the end the full log is fetched once,
 * so the file is complete even when the stream broke off or never opened.
 */
import { appendFile } from 'node:fs/promises';
import { isTerminal, type RayJobStatus, type RayJobsClient } from './ray-client.ts';

export interface FollowOptions {
  pollIntervalMs: number;
  signal?: AbortSignal;
  onStatus?: (status: RayJobStatus) => void;
  onLog?: (text: string) => void;
}

export interface FollowResult {
  status: RayJobStatus;
  message: string;
  /** True when this follower stopped the job because its signal fired. */
  stoppedBySignal: boolean;
}

const TAIL_GRACE_MS = 2_000;

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export async function followJob(
  client: RayJobsClient,
  submissionId: string,
  logPath: string,
  options: FollowOptions,
): Promise<FollowResult> {
  let streamed = '';
  let writing: Promise<void> = Promise.resolve();
  const write = (text: string) => {
    writing = writing.then(() => appendFile(logPath, text));
  };
  const tailAbort = new AbortController();
  const tail = client
    .tailLogs(
      submissionId,
      (chunk) => {
        streamed += chunk;
        write(chunk);
        options.onLog?.(chunk);
      },
      tailAbort.signal,
    )
    .catch(() => undefined); // the full log is fetched at the end either way

  let status: RayJobStatus = 'PENDING';
  let message = '';
  let stoppedBySignal = false;
  let last: RayJobStatus | undefined;
  try {
    for (;;) {
      if (options.signal?.aborted && !stoppedBySignal) {
        stoppedBySignal = true;
        await client.stop(submissionId);
      }
      const details = await client.status(submissionId);
      status = details.status;
      message = details.message ?? '';
      if (status !== last) {
        options.onStatus?.(status);
        last = status;
      }
      if (isTerminal(status)) break;
      await sleep(options.pollIntervalMs, stoppedBySignal ? undefined : options.signal);
    }
  } catch (error) {
    tailAbort.abort(); // the job runs on; a later run re-attaches to it
    await tail;
    await writing;
    throw error;
  }

  const grace = new AbortController();
  await Promise.race([tail, sleep(TAIL_GRACE_MS, grace.signal)]);
  grace.abort();
  tailAbort.abort();
  await tail;
  const full = await client.logs(submissionId);
  if (full.startsWith(streamed)) write(full.slice(streamed.length));
  else write(`\n[cascade] the streamed log differs from Ray's stored log; the stored log follows\n${full}`);
  await writing;
  return { status, message, stoppedBySignal };
}
