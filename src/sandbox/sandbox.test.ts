import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { detectIsolation } from './detect.ts';
import { openSandbox, type Sandbox } from './sandbox.ts';

let sandbox: Sandbox;

before(async () => {
  sandbox = await openSandbox();
});

after(async () => {
  await sandbox.close();
});

test('detectIsolation finds working bubblewrap and the three toolchains on this machine', () => {
  const { bubblewrap, tools } = sandbox.isolation;
  assert.equal(bubblewrap.works, true, bubblewrap.problem);
  assert.ok(tools.python && tools.node && tools.gxx);
});

test('fails closed: without working bubblewrap, opening throws and says what to install', async () => {
  const detected = await detectIsolation();
  const broken = {
    ...detected,
    report: {
      ...detected.report,
      bubblewrap: { path: null, version: null, works: false, problem: 'bwrap not found' },
    },
  };
  await assert.rejects(openSandbox({ isolation: broken }), (error: Error & { code?: string }) => {
    assert.equal(error.code, 'sandbox_unavailable');
    assert.match(error.message, /apt-get install -y bubblewrap/);
    return true;
  });
});

test('Python reads stdin, argv and extra files and writes stdout', async () => {
  const result = await sandbox.runProgram({
    language: 'python',
    source: "import sys\nprint(sys.stdin.read().strip(), sys.argv[1], open('data/x.txt').read())",
    stdin: 'in\n',
    argv: ['arg'],
    files: { 'data/x.txt': 'file' },
  });
  assert.equal(result.status, 'ok', result.stderr);
  assert.equal(result.stdout, 'in arg file\n');
  assert.ok(result.cpuMs === null || result.cpuMs > 0);
});

test('JavaScript runs under Node with fs.readFileSync(0)', async () => {
  const result = await sandbox.runProgram({
    language: 'javascript',
    source:
      "const s = require('fs').readFileSync(0, 'utf8'); console.log(s.split(' ').map(Number).reduce((a, b) => a + b));",
    stdin: '2 40',
  });
  assert.equal(result.status, 'ok', result.stderr);
  assert.equal(result.stdout, '42\n');
});

test('JavaScript past its memory limit is memory, not a crash of the host', async () => {
  const result = await sandbox.runProgram({
    language: 'javascript',
    source: 'const keep = []; for (;;) keep.push(new Array(1e6).fill(1.5));',
    limits: { memoryMb: 192, wallMs: 5_000 },
  });
  assert.equal(result.status, 'memory', `${result.reason} ${result.stderr.slice(0, 200)}`);
});

test('C++ compiles once and the binary runs many times', async () => {
  const { result, program } = await sandbox.compileProgram({
    language: 'cpp',
    source:
      '#include <cstdio>\nint main(){long a,b;if(scanf("%ld %ld",&a,&b)!=2)return 1;printf("%ld\\n",a*b);}',
  });
  assert.equal(result.status, 'ok', result.stderr);
  assert.ok(program);
  try {
    const outputs = await Promise.all(
      ['2 3', '4 5', '6 7'].map((stdin) => sandbox.runCompiled(program, { stdin })),
    );
    assert.deepEqual(
      outputs.map((output) => output.stdout),
      ['6\n', '20\n', '42\n'],
    );
    assert.equal((await sandbox.runCompiled(program, { stdin: 'x' })).status, 'runtime_error');
  } finally {
    await program.dispose();
  }
});

test('a C++ syntax error is compile_error with the compiler message', async () => {
  const { result, program } = await sandbox.compileProgram({
    language: 'cpp',
    source: 'int main( { return 0; }',
  });
  assert.equal(result.status, 'compile_error');
  assert.equal(program, undefined);
  assert.match(result.stderr, /error/);
});

test('a Python exception is a runtime error with the traceback', async () => {
  const result = await sandbox.runProgram({ language: 'python', source: 'raise ValueError("boom")' });
  assert.equal(result.status, 'runtime_error');
  assert.equal(result.exitCode, 1);
  assert.match(result.stderr, /ValueError: boom/);
});
