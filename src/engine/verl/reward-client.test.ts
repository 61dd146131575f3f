import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import { CascadeError } from '../../core/errors.ts';
import { batchesOf, createRewardReplicaClient } from './reward-client.ts';

const servers: Server[] = [];
after(() => {
  for (const server of servers) server.close();
});

/** A stand-in replica: answers each row with its id; `busy` 429s first, `short` drops a verdict. */
async function replica(mode: 'ok' | 'busy' | 'short', seen: string[]): Promise<string> {
  let busy = mode === 'busy' ? 2 : 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      if (busy > 0) {
        busy -= 1;
        res.writeHead(429, { 'retry-after': '0' }).end('{"error":{"code":"queue_full"}}');
        return;
      }
      const rows = JSON.parse(body) as { id: string }[];
      seen.push(...rows.map((row) => row.id));
      const verdicts = rows.map((row) => ({
        id: row.id,
        status: 'scored',
        reward: 1,
        correct: true,
        reason: '',
        details: {},
      }));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ verdicts: mode === 'short' ? verdicts.slice(1) : verdicts }));
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

test('batchesOf cuts contiguous batches', () => {
  assert.deepEqual(batchesOf([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]]);
  assert.deepEqual(batchesOf([], 3), []);
});

test('batches go round robin; a 429 moves the batch on; verdicts come back in row order', async () => {
  const seen: string[][] = [[], [], []];
  const urls = [await replica('ok', seen[0]), await replica('busy', seen[1]), await replica('ok', seen[2])];
  const client = createRewardReplicaClient({ urls, batchRows: 5, concurrencyPerReplica: 1, retryDelayMs: 1 });
  const rows = Array.from({ length: 45 }, (_, i) => ({ id: `r${i}`, domain: 'math' }));
  const verdicts = await client.score(rows);
  assert.deepEqual(
    verdicts.map((v) => v.id),
    rows.map((row) => row.id),
  );
  assert.deepEqual(seen.flat().sort(), rows.map((row) => row.id).sort(), 'each row scored exactly once');
  const load = client.load();
  assert.equal(load[1].retries, 2);
  assert.ok(load.every((replica) => replica.rows > 0));
  assert.equal(
    load.reduce((sum, replica) => sum + replica.rows, 0),
    45,
  );
});

test('a reply with the wrong number of verdicts is an error naming the replica', async () => {
  const url = await replica('short', []);
  const client = createRewardReplicaClient({ urls: [url] });
  await assert.rejects(
    client.score([{ id: 'a' }, { id: 'b' }]),
    (error: unknown) =>
      error instanceof CascadeError &&
      error.code === 'reward_bad_response' &&
      error.where === `${url}/v1/verify`,
  );
});

test('unreachable replicas: gives up after maxAttempts instead of scoring 0', async () => {
  const client = createRewardReplicaClient({ urls: ['http://127.0.0.1:9'], maxAttempts: 3, retryDelayMs: 1 });
  await assert.rejects(client.score([{ id: 'a' }]), /gave up after 3 attempts/);
  assert.throws(() => createRewardReplicaClient({ urls: [] }), /no reward service URL/);
});
