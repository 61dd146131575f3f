import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classify, type ProcessOutcome, signalOf } from './classify.ts';

const clean: ProcessOutcome = {
  exitCode: 0,
  signal: null,
  stderr: '',
  timedOut: false,
  outputLimited: false,
  sandboxFailure: null,
  oomKilled: false,
  cpuMs: 10,
  cpuLimitMs: 2_000,
  memoryLimitMb: 256,
  wallLimitMs: 3_000,
};

test('exit 0 is ok; any other exit is a runtime error', () => {
  assert.equal(classify(clean).status, 'ok');
  assert.deepEqual(classify({ ...clean, exitCode: 3 }), {
    status: 'runtime_error',
    reason: 'exited with code 3',
  });
});

test('bubblewrap reports signals as 128+N', () => {
  assert.equal(signalOf(139, null), 'SIGSEGV');
  assert.equal(signalOf(1, null), null);
  assert.match(classify({ ...clean, exitCode: 139 }).reason ?? '', /SIGSEGV/);
});

test('the sandbox failing wins over everything; output cap over OOM over wall time', () => {
  assert.equal(classify({ ...clean, sandboxFailure: 'x', outputLimited: true }).status, 'sandbox_error');
  assert.equal(
    classify({ ...clean, outputLimited: true, oomKilled: true, exitCode: 137 }).status,
    'output_limit',
  );
  assert.equal(classify({ ...clean, oomKilled: true, timedOut: true, exitCode: 137 }).status, 'memory');
  assert.equal(classify({ ...clean, timedOut: true, exitCode: null, signal: 'SIGKILL' }).status, 'timeout');
});

test('SIGXCPU, or SIGKILL after the CPU budget, is a timeout; SIGKILL before it is not', () => {
  assert.equal(classify({ ...clean, exitCode: 152 }).status, 'timeout');
  assert.equal(classify({ ...clean, exitCode: 137, cpuMs: 2_000 }).status, 'timeout');
  assert.equal(classify({ ...clean, exitCode: 137, cpuMs: 100 }).status, 'runtime_error');
});

test('out-of-memory messages from Python, C++ and V8 are memory', () => {
  for (const stderr of [
    'MemoryError',
    "terminate called after throwing an instance of 'std::bad_alloc'",
    'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
  ]) {
    assert.equal(classify({ ...clean, exitCode: 1, stderr }).status, 'memory', stderr);
  }
});
