import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CascadeError } from '../../core/errors.ts';
import { createRayJobsClient, isTerminal, type RayJobsClient } from './ray-client.ts';
import { type FakeRay, startFakeRay } from './testing/fake-ray.ts';

describe('Ray Jobs REST client against a fake dashboard', () => {
  let ray: FakeRay;
  let client: RayJobsClient;
  before(async () => {
    ray = await startFakeRay((job) =>
      job.entrypoint.includes('fail')
        ? { outcome: 'FAILED', logLines: ['Traceback', 'RuntimeError: CUDA OOM'] }
        : {
            outcome: 'SUCCEEDED',
            pendingPolls: 1,
            runningPolls: 3,
            logLines: ['step 1', 'step 2', 'step 3', 'done'],
          },
    );
    client = createRayJobsClient({ address: ray.url, retryDelayMs: 5 });
  });
  after(() => ray.close());

  test('submit sends entrypoint, runtime_env, metadata and submission_id to POST /api/jobs/', async () => {
    const { submissionId } = await client.submit({
      entrypoint: 'python3 -m verl.trainer.main_ppo a=1',
      submission_id: 'cascade-math-train-1',
      runtime_env: { env_vars: { CASCADE_REWARD_URL: 'http://r:8088' } },
      metadata: { stage: 'math' },
      entrypoint_num_cpus: 1,
    });
    assert.equal(submissionId, 'cascade-math-train-1');
    const job = ray.jobs.get('cascade-math-train-1');
    assert.ok(job);
    assert.equal(job.submission.entrypoint, 'python3 -m verl.trainer.main_ppo a=1');
    assert.deepEqual(job.submission.runtime_env, { env_vars: { CASCADE_REWARD_URL: 'http://r:8088' } });
    assert.deepEqual(job.submission.metadata, { stage: 'math' });
    assert.ok(ray.requests.includes('POST /api/jobs/'));
  });

  test('status follows PENDING → RUNNING → SUCCEEDED; logs grow while it runs', async () => {
    const seen: string[] = [];
    for (let i = 0; i < 8; i++) {
      const details = await client.status('cascade-math-train-1');
      if (seen.at(-1) !== details.status) seen.push(details.status);
      if (isTerminal(details.status)) {
        assert.equal(details.driver_exit_code, 0);
        break;
      }
    }
    assert.deepEqual(seen, ['PENDING', 'RUNNING', 'SUCCEEDED']);
    assert.equal(await client.logs('cascade-math-train-1'), 'step 1\nstep 2\nstep 3\ndone\n');
  });

  test('a failing job ends FAILED with its message; an unknown id is a 404 error (find: undefined)', async () => {
    const { submissionId } = await client.submit({ entrypoint: 'python3 fail.py' });
    assert.match(submissionId, /^raysubmit_/);
    let details = await client.status(submissionId);
    while (!isTerminal(details.status)) details = await client.status(submissionId);
    assert.equal(details.status, 'FAILED');
    assert.match(details.message ?? '', /exit code 1/);
    assert.equal(await client.find('nope'), undefined);
    await assert.rejects(
      client.status('nope'),
      (error: unknown) =>
        error instanceof CascadeError && error.code === 'ray_http' && /404/.test(error.message),
    );
  });

  test('bad requests fail at once with the dashboard message (no retry)', async () => {
    const before = ray.requests.length;
    await assert.rejects(
      client.submit({ entrypoint: 'x', submission_id: 'cascade-math-train-1' }),
      /HTTP 400: Job with submission_id cascade-math-train-1 already exists/,
    );
    assert.equal(ray.requests.length, before + 1);
    await assert.rejects(client.submit({ entrypoint: '' }), /needs an entrypoint/);
  });

  test('connection errors are retried', async () => {
    ray.dropConnections(2);
    const before = ray.requests.length;
    const version = await client.version();
    assert.equal(version.rayVersion, '2.40.0');
    assert.equal(ray.requests.length, before + 3);
  });

  test('a submit whose answer was lost finds its own job on retry', async () => {
    // the dashboard makes the job but the answer never arrives; the retry hits "already exists"
    ray.dropAnswers(1);
    const before = ray.requests.length;
    const { submissionId } = await client.submit({ entrypoint: 'python3 ok.py', submission_id: 'retry-1' });
    assert.equal(submissionId, 'retry-1');
    assert.equal(ray.requests.length, before + 3); // POST, POST (already exists), GET (same entrypoint)
    assert.equal(ray.jobs.get('retry-1')?.submission.entrypoint, 'python3 ok.py');
    // another job that had the id first (a different entrypoint) stays an error
    ray.dropAnswers(1);
    await assert.rejects(client.submit({ entrypoint: 'x', submission_id: 'retry-1' }), /already exists/);
  });

  test('gives up after maxRetries with a CascadeError naming the address', async () => {
    const dead = createRayJobsClient({ address: 'http://127.0.0.1:9', maxRetries: 2, retryDelayMs: 1 });
    await assert.rejects(
      dead.version(),
      (error: unknown) =>
        error instanceof CascadeError &&
        error.code === 'ray_unreachable' &&
        /after 3 attempts/.test(error.message),
    );
    assert.throws(() => createRayJobsClient({ address: 'not a url' }), /not a URL/);
  });

  test('stop ends a running job STOPPED; stopping it again says stopped: false', async () => {
    const { submissionId } = await client.submit({ entrypoint: 'python3 long.py' });
    await client.status(submissionId);
    assert.equal(await client.stop(submissionId), true);
    assert.equal((await client.status(submissionId)).status, 'STOPPED');
    assert.equal(await client.stop(submissionId), false);
    assert.equal(await client.delete(submissionId), true);
    assert.equal(await client.find(submissionId), undefined);
  });

  test('logs/tail streams chunks over WebSocket until the job ends', async () => {
    const { submissionId } = await client.submit({ entrypoint: 'python3 tail.py' });
    const chunks: string[] = [];
    const tail = client.tailLogs(submissionId, (chunk) => chunks.push(chunk));
    // let the upgrade land, then drive the job with status polls
    await new Promise((resolve) => setTimeout(resolve, 50));
    let details = await client.status(submissionId);
    while (!isTerminal(details.status)) details = await client.status(submissionId);
    await tail;
    assert.equal(chunks.join(''), 'step 1\nstep 2\nstep 3\ndone\n');
    assert.ok(ray.requests.includes(`UPGRADE /api/jobs/${submissionId}/logs/tail`));
  });

  test('list returns every job', async () => {
    const jobs = await client.list();
    assert.ok(jobs.some((job) => job.submission_id === 'cascade-math-train-1' && job.status === 'SUCCEEDED'));
  });
});
