import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codeTaskFromInputOutput, codeTaskFromLiveCodeBench } from './formats.ts';

test('APPS/TACO stdin/stdout as a JSON string; list-of-lines outputs are joined', () => {
  const task = codeTaskFromInputOutput(
    JSON.stringify({ inputs: ['1 2\n', ['3', '4']], outputs: ['3\n', ['7']] }),
    'python',
  );
  assert.deepEqual(task.tests, [
    { input: '1 2\n', output: '3\n' },
    { input: '3\n4', output: '7' },
  ]);
  assert.equal(task.time_limit_s, 6);
});

test('TACO call-based: argument lists, wrapped expected values, lenient unwrap on', () => {
  const task = codeTaskFromInputOutput({ fn_name: 'add', inputs: [[1, 2]], outputs: [[3]] }, 'python', 2);
  assert.deepEqual(task.tests, {
    fn_name: 'add',
    tests: [{ args: [1, 2], expected: [3] }],
    unwrap_expected: true,
  });
  assert.equal(task.time_limit_s, 2);
});

test('LiveCodeBench functional tests: one JSON argument per input line', () => {
  const task = codeTaskFromLiveCodeBench(
    [{ input: '[2, 7, 11]\n9', output: '[0, 1]', testtype: 'functional' }],
    'python',
    'twoSum',
  );
  assert.deepEqual(task.tests, {
    fn_name: 'twoSum',
    tests: [{ args: [[2, 7, 11], 9], expected: [0, 1] }],
    unwrap_expected: false,
  });
});

test('mismatched or malformed tests are errors naming where', () => {
  assert.throws(() => codeTaskFromInputOutput({ inputs: ['1'], outputs: [] }, 'python'), /input_output/);
  assert.throws(() => codeTaskFromInputOutput('{not json', 'python'), /input_output/);
  assert.throws(
    () => codeTaskFromLiveCodeBench([{ input: 'x', output: '1', testtype: 'functional' }], 'python', 'f'),
    /tests\[0\]\.input/,
  );
  assert.throws(
    () => codeTaskFromLiveCodeBench([{ input: '1', output: '1', testtype: 'functional' }], 'python'),
    /func_name/,
  );
});
