/**
 * The security suite: each attack must be contained, reported with the right status, and leave the
 * host as it was. Needs bubblewrap (`apt-get install -y bubblewrap`); fails, not skips, without it.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { availableParallelism, homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openSandbox, type Sandbox } from './sandbox.ts';
import type { Limits, RunResult } from './types.ts';

const TOTAL = 16;
const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SMALL: Partial<Limits> = { wallMs: 2_000, cpuMs: 1_000, memoryMb: 256, processes: 32 };

let sandbox: Sandbox;

before(async () => {
  sandbox = await openSandbox();
});

after(async () => {
  await sandbox.close();
  assert.equal(existsSync(sandbox.scratchDirectory), false, 'close left the scratch directory');
  for (const directory of sandbox.cgroupDirectories) assert.equal(existsSync(directory), false, directory);
});

function python(source: string, limits: Partial<Limits> = SMALL, stdin = ''): Promise<RunResult> {
  return sandbox.runProgram({ language: 'python', source, limits, stdin });
}

/** Python that tries `attempt` and prints DENIED:<error class> when it raises. */
function tryOrDeny(attempt: string): string {
  return `try:\n${attempt
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n')}\nexcept Exception as error:\n    print('DENIED:' + type(error).__name__)\n`;
}

function hostPidsWithArgument(token: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(token)) found.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

test(`security 1/${TOTAL}: /etc/shadow cannot be read`, async () => {
  const result = await python(tryOrDeny("print('READ:' + open('/etc/shadow').read())"));
  assert.equal(result.status, 'ok', result.stderr);
  assert.match(result.stdout, /^DENIED:/);
  assert.ok(!result.stdout.includes('root:'));
});

test(`security 2/${TOTAL}: the parent's environment does not leak`, async () => {
  const secret = `cascade-secret-${randomBytes(8).toString('hex')}`;
  process.env.CASCADE_SANDBOX_TEST_SECRET = secret;
  try {
    const source = [
      'import os, glob',
      'print(dict(os.environ))',
      "for path in glob.glob('/proc/*/environ'):",
      '    try:',
      "        print(path, open(path, 'rb').read())",
      '    except Exception as error:',
      "        print(path, 'DENIED', type(error).__name__)",
    ].join('\n');
    const result = await python(source);
    assert.equal(result.status, 'ok', result.stderr);
    assert.ok(!result.stdout.includes(secret), 'the secret reached the program');
    assert.ok(!result.stdout.includes('CASCADE_SANDBOX_TEST_SECRET'));
    assert.match(result.stdout, /'HOME': '\/sandbox'/);
  } finally {
    delete process.env.CASCADE_SANDBOX_TEST_SECRET;
  }
});

test(`security 3/${TOTAL}: the caller's home (~/.ssh and a planted secret) is hidden`, async () => {
  const planted = join(homedir(), `.cascade-sandbox-test-${randomBytes(6).toString('hex')}`);
  writeFileSync(planted, 'PLANTED-SECRET');
  try {
    const attempt = [
      `print('READ:' + open(${JSON.stringify(planted)}).read())`,
      // never reached when the line above raises, as it must
    ].join('\n');
    const result = await python(
      tryOrDeny(attempt) +
        tryOrDeny(`print('LIST:' + str(os.listdir(${JSON.stringify(join(homedir(), '.ssh'))})))`),
    );
    assert.equal(result.status, 'ok', result.stderr);
    assert.ok(!result.stdout.includes('PLANTED-SECRET'));
    assert.equal(result.stdout.match(/DENIED:/g)?.length, 2, result.stdout);
  } finally {
    rmSync(planted, { force: true });
  }
});

test(`security 4/${TOTAL}: the project directory cannot be read`, async () => {
  const target = join(PROJECT_ROOT, 'package.json');
  assert.ok(existsSync(target), 'the test expects package.json at the project root');
  const result = await python(
    `import os\n${tryOrDeny(`print('READ:' + open(${JSON.stringify(target)}).read())`)}` +
      tryOrDeny(`print('LIST:' + str(os.listdir(${JSON.stringify(PROJECT_ROOT)})))`),
  );
  assert.equal(result.status, 'ok', result.stderr);
  assert.equal(result.stdout.match(/DENIED:/g)?.length, 2, result.stdout);
});

test(`security 5/${TOTAL}: writes outside the scratch directory never reach the host`, async () => {
  const token = randomBytes(6).toString('hex');
  const targets = [
    join(tmpdir(), `cascade-escape-${token}`),
    join(PROJECT_ROOT, `escape-${token}`),
    `/usr/escape-${token}`,
  ];
  const source = targets
    .map((target) => tryOrDeny(`open(${JSON.stringify(target)}, 'w').write('x')\nprint('WROTE')`))
    .join('');
  const result = await python(`${source}open('inside.txt', 'w').write('fine')\nprint('SCRATCH-OK')`);
  assert.equal(result.status, 'ok', result.stderr);
  assert.match(result.stdout, /SCRATCH-OK/);
  for (const target of targets) assert.equal(existsSync(target), false, `${target} appeared on the host`);
});

test(`security 6/${TOTAL}: no TCP connection to a server on the host's 127.0.0.1`, async () => {
  let connections = 0;
  const server: Server = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  try {
    const result = await python(
      tryOrDeny(
        `import socket\nsocket.create_connection(('127.0.0.1', ${port}), timeout=1)\nprint('CONNECTED')`,
      ),
    );
    assert.equal(result.status, 'ok', result.stderr);
    assert.match(result.stdout, /^DENIED:/);
    assert.equal(connections, 0);
  } finally {
    server.close();
  }
});

test(`security 7/${TOTAL}: a fork bomb stops at the process limit`, async () => {
  const source = 'import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n';
  const started = Date.now();
  const result = await python(source, { ...SMALL, processes: 16, wallMs: 1_500 });
  assert.ok(['timeout', 'runtime_error'].includes(result.status), `status ${result.status}`);
  assert.ok(Date.now() - started < 4_000);
  // the host can still start processes
  assert.equal((await python('print(1)')).stdout, '1\n');
});

test(`security 8/${TOTAL}: a memory bomb is killed with status memory`, async () => {
  const result = await python('chunks = []\nwhile True:\n    chunks.append(bytearray(16 * 1024 * 1024))\n', {
    ...SMALL,
    memoryMb: 128,
  });
  assert.equal(result.status, 'memory', result.reason);
});

test(`security 9/${TOTAL}: an infinite loop is stopped by the CPU limit`, async () => {
  const result = await python('while True:\n    pass\n', { ...SMALL, cpuMs: 1_000, wallMs: 3_000 });
  assert.equal(result.status, 'timeout');
  // on a loaded machine the wall clock may fire first; either way no more than ~1 s of CPU was spent
  assert.ok(result.cpuMs === null || result.cpuMs < 1_600, `used ${result.cpuMs} ms of CPU`);
  assert.ok(result.wallMs < 3_500, `took ${result.wallMs} ms`);
});

test(`security 10/${TOTAL}: sleeping past the wall-clock limit is a timeout`, async () => {
  const result = await python('import time\ntime.sleep(30)\n', { ...SMALL, wallMs: 800 });
  assert.equal(result.status, 'timeout');
  assert.ok(result.wallMs < 1_800, `took ${result.wallMs} ms`);
});

test(`security 11/${TOTAL}: printing 1 GB stops at the output limit, quickly`, async () => {
  const source =
    "import sys\nline = 'x' * 1023 + '\\n'\nfor _ in range(1024 * 1024):\n    sys.stdout.write(line)\n";
  const result = await python(source, { ...SMALL, outputBytes: 1 << 20, wallMs: 5_000 });
  assert.equal(result.status, 'output_limit');
  assert.equal(Buffer.byteLength(result.stdout), 1 << 20);
  assert.ok(result.wallMs < 2_000, `took ${result.wallMs} ms`);
});

test(`security 12/${TOTAL}: a background process does not outlive the program`, async () => {
  const token = `${1000 + Math.floor(Math.random() * 1000)}.${randomBytes(3).readUIntBE(0, 3)}`;
  const source = [
    'import subprocess',
    `subprocess.Popen(['/bin/sleep', '${token}'], start_new_session=True)`,
    `subprocess.Popen(['/bin/sh', '-c', 'trap "" HUP TERM; exec /bin/sleep ${token}'], start_new_session=True)`,
    "print('SPAWNED')",
  ].join('\n');
  const result = await python(source);
  assert.equal(result.status, 'ok', result.stderr);
  assert.match(result.stdout, /SPAWNED/);
  assert.deepEqual(hostPidsWithArgument(token), [], 'a background sleep survived the run');
});

test(`security 13/${TOTAL}: killing its parent (and everything it can) leaves the host alone`, async () => {
  const source = [
    'import os, signal',
    tryOrDeny('os.kill(os.getppid(), signal.SIGKILL)'),
    tryOrDeny('os.kill(-1, signal.SIGKILL)'),
    "print('STILL-HERE')",
  ].join('\n');
  const result = await python(source);
  assert.ok(['ok', 'runtime_error'].includes(result.status), `status ${result.status}: ${result.reason}`);
  // this process is alive (we are running) and the sandbox still works
  assert.equal((await python('print(2)')).stdout, '2\n');
});

test(`security 14/${TOTAL}: the program sees only its own PID namespace`, async () => {
  const result = await python("import os\nprint([p for p in os.listdir('/proc') if p.isdigit()])");
  assert.equal(result.status, 'ok', result.stderr);
  const pids = JSON.parse(result.stdout.replaceAll("'", '"')) as string[];
  assert.ok(pids.length <= 3, `sees ${pids.length} processes`);
  assert.ok(!pids.includes(String(process.pid)) || process.pid <= 3);
});

test(`security 15/${TOTAL}: a C++ segfault is a runtime error`, async () => {
  const result = await sandbox.runProgram({
    language: 'cpp',
    source: 'int main() { volatile int *p = nullptr; *p = 1; return 0; }',
    limits: SMALL,
  });
  assert.equal(result.status, 'runtime_error');
  assert.match(result.reason ?? '', /SIGSEGV/);
});

test(`security 16/${TOTAL}: a compile bomb fails to compile within its limits`, async () => {
  const levels = Array.from({ length: 40 }, (_, level) =>
    level === 0 ? '#define A0 x' : `#define A${level} A${level - 1} A${level - 1}`,
  );
  const source = `${levels.join('\n')}\nint main() { A39; }\n`;
  const started = Date.now();
  const outcome = await sandbox.compileProgram({
    language: 'cpp',
    source,
    limits: { wallMs: 1_500, cpuMs: 1_000, memoryMb: 256 },
  });
  assert.equal(outcome.result.status, 'compile_error', outcome.result.reason);
  assert.equal(outcome.program, undefined);
  assert.ok(Date.now() - started < 3_000, `took ${Date.now() - started} ms`);
});

test('security: nothing is left after the runs but the waiting standby shells', () => {
  assert.deepEqual(readdirSync(sandbox.scratchDirectory), []);
  for (const owner of sandbox.cgroupDirectories) {
    const runs = readdirSync(owner, { withFileTypes: true }).filter((entry) => entry.isDirectory());
    assert.ok(runs.length <= availableParallelism(), `${runs.length} run cgroups left in ${owner}`);
    for (const run of runs) {
      const pids = readFileSync(join(owner, run.name, 'cgroup.procs'), 'utf8')
        .split('\n')
        .filter(Boolean);
      assert.ok(pids.length <= 1, `${run.name} holds ${pids.length} processes`);
      // a standby is the sh still waiting for its launch script; nothing a program started survives
      for (const pid of pids) {
        const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        assert.match(command[0], /\/sh$/, `${run.name} holds ${command.join(' ')}`);
        assert.ok(command.includes('cascade-sandbox'), command.join(' '));
      }
    }
  }
});
