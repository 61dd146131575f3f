// End-to-end: three `cascade serve-rewards` processes on 127.0.0.1 and the round-robin replica
// client of src/engine/verl: every row is scored exactly once, in order, by the right verdict, and
// every replica carries load (counted by the client and by each replica's own /metrics). Then one
// replica stops and the same rows are still all scored, by the two that remain.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createRewardReplicaClient } from '../../src/engine/verl/reward-client.ts';
import { type ServeProcess, startServeRewards } from './serve-process.ts';

type Replica = ServeProcess;

function startReplica(args: string[] = []): Promise<Replica> {
  return startServeRewards(['--domains', 'math,mcq', '--pool-size', '1', ...args]);
}

/** Rows whose right verdict is known: math rows every third wrong, mcq rows every fourth wrong. */
function rows(count: number) {
  return Array.from({ length: count }, (_, i) => {
    if (i % 2 === 0)
      return {
        id: `row-${i}`,
        domain: 'math',
        response: `<think>adding</think>The result is \\boxed{${i}}.`,
        answer: String(i % 3 === 0 ? i + 1 : i),
        expected: i % 3 !== 0,
      };
    const letter = 'ABCD'[i % 4];
    return {
      id: `row-${i}`,
      domain: 'mcq',
      response: `<think>options</think>The answer is (${letter}).`,
      answer: i % 4 === 3 ? 'A' : letter,
      expected: i % 4 !== 3,
    };
  });
}

async function verdictsServed(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  let total = 0;
  for (const match of text.matchAll(/^cascade_reward_verdicts_total\{[^}]*\} (\d+)/gm))
    total += Number(match[1]);
  return total;
}

describe('reward service replicas behind the round-robin client', () => {
  let replicas: Replica[];
  before(async () => {
    replicas = await Promise.all([startReplica(), startReplica(), startReplica()]);
  });
  after(() => {
    for (const replica of replicas) if (replica.child.exitCode === null) replica.child.kill('SIGKILL');
  });

  it('scores every row exactly once, in order, with all three replicas loaded', async () => {
    const input = rows(240);
    const client = createRewardReplicaClient({ urls: replicas.map((r) => r.url), batchRows: 8 });
    const verdicts = await client.score(input.map(({ expected: _, ...row }) => row));
    assert.equal(verdicts.length, input.length);
    assert.deepEqual(
      verdicts.map((v) => v.id),
      input.map((row) => row.id),
    );
    assert.equal(new Set(verdicts.map((v) => v.id)).size, input.length);
    assert.deepEqual(
      verdicts.map((v) => [v.id, v.status, v.correct]),
      input.map((row) => [row.id, 'scored', row.expected]),
    );
    const load = client.load();
    assert.deepEqual(
      load.map((replica) => replica.rows),
      [80, 80, 80],
      'round robin over 30 batches of 8',
    );
    // each replica's own count agrees: nothing was scored twice anywhere
    const served = await Promise.all(replicas.map((replica) => verdictsServed(replica.url)));
    assert.deepEqual(served, [80, 80, 80]);
  });

  it('when a replica stops, its batches go to the others and every row is still scored once', async () => {
    const stopped = replicas[1];
    stopped.child.kill('SIGTERM');
    assert.equal(await stopped.exited, 0);
    const input = rows(60);
    const client = createRewardReplicaClient({
      urls: replicas.map((r) => r.url),
      batchRows: 6,
      retryDelayMs: 5,
    });
    const verdicts = await client.score(input.map(({ expected: _, ...row }) => row));
    assert.deepEqual(
      verdicts.map((v) => [v.id, v.correct]),
      input.map((row) => [row.id, row.expected]),
    );
    const load = client.load();
    assert.equal(load[1].rows, 0);
    assert.ok(load[1].retries > 0, 'the stopped replica was tried and skipped');
    assert.equal(load[0].rows + load[2].rows, 60);
    const before = [80, 80];
    const served = await Promise.all(
      [replicas[0], replicas[2]].map((replica) => verdictsServed(replica.url)),
    );
    assert.equal(served[0] - before[0] + served[1] - before[1], 60);
  });
});
