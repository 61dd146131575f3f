// Issue 6: a kill -9 in the middle of a run, then a resume from the newest checkpoint, ends with the
// same weights, optimizer state and trainer state as a run that was never interrupted, byte for byte.
// Each run is a child process (test/fixtures/train-resume-child.ts) training a tiny embedded model with
// a checkpoint after every step; about 10 s in all, so it runs with CASCADE_SLOW_TESTS.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { latestCheckpoint, stepDirName } from '../../src/train/checkpointing.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const child = join(repo, 'test/fixtures/train-resume-child.ts');
const root = mkdtempSync(join(tmpdir(), 'train-resume-'));
after(() => rmSync(root, { recursive: true, force: true }));

function start(method: string, dir: string, stepDelayMs = 0): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', child, method, dir, String(stepDelayMs)], {
    cwd: repo,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

function exited(
  process: ChildProcess,
): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  let stderr = '';
  process.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve) => process.on('close', (code, signal) => resolve({ code, signal, stderr })));
}

async function runToEnd(method: string, dir: string): Promise<void> {
  const { code, stderr } = await exited(start(method, dir));
  assert.equal(code, 0, stderr);
}

/** Starts a run, SIGKILLs it once its checkpoint of step `killAfter` exists, and returns. */
async function runAndKill(method: string, dir: string, killAfter: number): Promise<void> {
  const process = start(method, dir, 250);
  const done = exited(process);
  const deadline = Date.now() + 30_000;
  while (!existsSync(join(dir, stepDirName(killAfter)))) {
    assert.ok(Date.now() < deadline, 'the run wrote no checkpoint in 30 s');
    assert.equal(process.exitCode, null, 'the run ended before it could be killed');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  process.kill('SIGKILL');
  const { signal } = await done;
  assert.equal(signal, 'SIGKILL', 'the run finished before the kill: it was not interrupted');
}

/** The pid of a process that has exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid;

/** Every file of a checkpoint folder (model weights, optimizer moments, RNG, trainer state), by path. */
function filesOf(dir: string, prefix = ''): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const path = join(prefix, entry.name);
    if (entry.isDirectory()) for (const [p, b] of filesOf(dir, path)) files.set(p, b);
    else files.set(path, readFileSync(join(dir, path)));
  }
  return files;
}

function assertSameCheckpoint(actual: string, expected: string): void {
  const a = filesOf(actual);
  const b = filesOf(expected);
  assert.deepEqual([...a.keys()].sort(), [...b.keys()].sort());
  for (const [path, bytes] of b)
    assert.ok(bytes.equals(a.get(path) as Buffer), `${path} differs after resume`);
}

describe('kill -9 and resume', { skip: !process.env.CASCADE_SLOW_TESTS }, () => {
  for (const { method, steps } of [
    { method: 'grpo', steps: 6 },
    { method: 'sft', steps: 7 },
  ]) {
    it(`${method}: resuming a killed run ends in the same final state as an uninterrupted run`, async () => {
      const whole = join(root, `${method}-whole`);
      const killed = join(root, `${method}-killed`);
      await Promise.all([runToEnd(method, whole), runAndKill(method, killed, 2)]);

      const before = latestCheckpoint(killed);
      assert.ok(before && before.state.step >= 2 && before.state.step < steps, 'killed mid-run');
      // what a kill during a save leaves: a hidden partial folder (here of a later step, fully written)
      const partial = join(killed, `.${stepDirName(steps - 1)}.partial-${deadPid()}-0`);
      cpSync(before.dir, partial, { recursive: true });
      assert.equal(latestCheckpoint(killed)?.dir, before.dir);
      await runToEnd(method, killed);
      assert.deepEqual(
        readdirSync(killed).filter((name) => name.startsWith('.')),
        [],
        'the resumed run cleared the partial folder',
      );

      const final = stepDirName(steps);
      assert.equal(latestCheckpoint(whole)?.state.step, steps);
      assert.equal(latestCheckpoint(killed)?.state.step, steps);
      assertSameCheckpoint(join(killed, final), join(whole, final));
      // the comparison has teeth: training moved the weights between the first and the last step
      const first = readFileSync(join(whole, stepDirName(1), 'model', 'model.safetensors'));
      assert.ok(!first.equals(readFileSync(join(whole, final, 'model', 'model.safetensors'))));
    });
  }
});
