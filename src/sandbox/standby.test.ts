import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { RunCgroup } from './cgroup.ts';
import { findSystemTool } from './host.ts';
import { openSandbox } from './sandbox.ts';
import { Standby, StandbyStock } from './standby.ts';

class FakeStandby {
  stopped = false;
  constructor(
    readonly id: number,
    public alive = true,
  ) {}
  ready() {
    return this.alive;
  }
  async stop() {
    this.stopped = true;
  }
}

test('the stock hands out a ready standby, refills at once, and discards dead ones', async () => {
  const started: FakeStandby[] = [];
  const stock = new StandbyStock(2, () => {
    const standby = new FakeStandby(started.length);
    started.push(standby);
    return standby;
  });
  assert.equal(started.length, 2, 'filled when made');
  started[0].alive = false;
  const taken = stock.take();
  assert.equal(taken?.id, 1, 'the dead first one is skipped');
  assert.equal(started[0].stopped, true, 'and stopped');
  assert.equal(started.length, 4, 'two replacements started');
  await stock.close();
  assert.deepEqual(
    started.map((standby) => standby.stopped),
    [true, false, true, true],
    'close stops the waiting ones, not the one handed out',
  );
  assert.equal(stock.take(), null, 'a closed stock hands out nothing');
});

test('a stock whose launchers cannot start hands out nothing (the run launches the usual way)', () => {
  const stock = new StandbyStock<FakeStandby>(2, () => {
    throw new Error('no cgroup');
  });
  assert.equal(stock.take(), null);
});

test('a standby that cannot join its cgroup dies before launch and is not ready', async () => {
  const shell = findSystemTool('sh');
  assert.ok(shell);
  const fakeCgroup = RunCgroup.create({}, 'x');
  Object.assign(fakeCgroup, { directories: () => ['/nonexistent/cgroup'] });
  const standby = Standby.start(shell, fakeCgroup);
  for (let wait = 0; wait < 200 && standby.ready(); wait++) await sleep(10);
  assert.equal(standby.ready(), false);
  await standby.stop();
});

test('runs with and without standbys give the same results, limits included', async () => {
  const programs = [
    { language: 'python' as const, source: 'import sys\nprint(sys.stdin.read()[::-1])', stdin: 'abc' },
    { language: 'python' as const, source: 'x = bytearray(400 << 20)', limits: { memoryMb: 128 } },
    {
      language: 'python' as const,
      // a fork bomb: every process forks 64 times; the pids cgroup stops it at 16
      source:
        'import os\nfor _ in range(64):\n    try:\n        os.fork()\n    except OSError:\n        pass',
      limits: { processes: 16, wallMs: 5_000 },
    },
  ];
  const outcomes = [];
  for (const standby of [0, 2]) {
    const sandbox = await openSandbox({ standby });
    try {
      outcomes.push(await Promise.all(programs.map((program) => sandbox.runProgram(program))));
    } finally {
      await sandbox.close();
    }
  }
  const [direct, standby] = outcomes;
  assert.equal(direct[0].stdout, 'cba\n');
  assert.deepEqual(
    standby.map((result) => [result.status, result.stdout]),
    direct.map((result) => [result.status, result.stdout]),
  );
  assert.equal(standby[1].status, 'memory');
});

test('waiting standbys exit when the process that started them is killed', async () => {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      `import { openSandbox } from ${JSON.stringify(join(fileURLToPath(new URL('.', import.meta.url)), 'sandbox.ts'))};
       const sandbox = await openSandbox({ standby: 2 });
       setTimeout(() => console.log(JSON.stringify(sandbox.cgroupDirectories)), 300);
       setInterval(() => {}, 1000);`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const line = await new Promise<string>((resolve) =>
    child.stdout.once('data', (chunk) => resolve(String(chunk))),
  );
  const owner = (JSON.parse(line) as string[])[0];
  const pids = ['run-0', 'run-1'].flatMap((run) =>
    readFileSync(join(owner, run, 'cgroup.procs'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map(Number),
  );
  assert.equal(pids.length, 2, 'two standby shells wait in their cgroups');
  child.kill('SIGKILL');
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  for (let wait = 0; wait < 100 && pids.some(alive); wait++) await sleep(20);
  assert.deepEqual(pids.filter(alive), [], 'the standbys saw EOF on their launch pipe and exited');
  // the next sandbox to open sweeps the dead owner's cgroups
  const next = await openSandbox({ standby: 0 });
  await next.close();
});

test('a process that never closes its sandbox still exits: waiting standbys hold nothing open', async () => {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      `import { openSandbox } from ${JSON.stringify(join(fileURLToPath(new URL('.', import.meta.url)), 'sandbox.ts'))};
       const sandbox = await openSandbox({ standby: 2 });
       const result = await sandbox.runProgram({ language: 'python', source: 'print(6 * 7)' });
       console.log(result.stdout.trim());`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  const code = await new Promise((resolve) => child.once('exit', resolve));
  clearTimeout(killer);
  assert.equal(code, 0, 'the process did not exit by itself within 15 s');
  assert.equal(output.trim(), '42', 'the run itself kept the process alive until it finished');
});
