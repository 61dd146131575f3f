import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CascadeError } from '../core/errors.ts';
import { DEFAULT_RUN_LIMITS, resolveLimits } from './limits.ts';
import { checkRelativePath } from './scratch.ts';

test('missing limits take the defaults; LiveCodeBench gives each test 6 s', () => {
  assert.deepEqual(resolveLimits({ wallMs: 100 }, DEFAULT_RUN_LIMITS), {
    ...DEFAULT_RUN_LIMITS,
    wallMs: 100,
  });
  assert.equal(DEFAULT_RUN_LIMITS.wallMs, 6_000);
});

test('a zero, negative or NaN limit is an error naming the key', () => {
  assert.throws(() => resolveLimits({ memoryMb: 0 }, DEFAULT_RUN_LIMITS), /limits\.memoryMb/);
  assert.throws(() => resolveLimits({ cpuMs: Number.NaN }, DEFAULT_RUN_LIMITS), CascadeError);
});

test('extra files must stay inside the program directory', () => {
  assert.equal(checkRelativePath('data/in.txt'), 'data/in.txt');
  for (const bad of ['', '/etc/passwd', '../x', 'a/../../b', 'a//b', './a']) {
    assert.throws(() => checkRelativePath(bad), CascadeError, bad);
  }
});
