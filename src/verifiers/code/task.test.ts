import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codeTaskSchema } from './task.ts';

test('a stdin/stdout row parses and gets the 6 s default', () => {
  const task = codeTaskSchema.parse({ language: 'python', tests: [{ input: '1\n', output: '1\n' }] });
  assert.equal(task.time_limit_s, 6);
});

test('a call-based row parses', () => {
  const task = codeTaskSchema.parse({
    language: 'javascript',
    tests: { fn_name: 'twoSum', tests: [{ args: [[2, 7], 9], expected: [0, 1] }] },
    time_limit_s: 2,
  });
  assert.ok(!Array.isArray(task.tests));
});

test('bad rows are errors that name the path', () => {
  const cases: [unknown, RegExp][] = [
    [
      { language: 'cpp', tests: { fn_name: 'f', tests: [{ args: [], expected: 1 }] } },
      /call-based tests need python or javascript/,
    ],
    [{ language: 'ruby', tests: [{ input: '', output: '' }] }, /language/],
    [{ language: 'python', tests: [] }, /tests/],
    [{ language: 'python', tests: { fn_name: 'f(x)', tests: [{ args: [], expected: 1 }] } }, /identifier/],
  ];
  for (const [row, message] of cases) {
    const parsed = codeTaskSchema.safeParse(row);
    assert.equal(parsed.success, false);
    assert.match(JSON.stringify(parsed.error?.issues), message);
  }
});
