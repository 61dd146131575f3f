import assert from 'node:assert/strict';
import { test } from 'node:test';
import { callPayload, parseHarnessOutput, RESULT_MARKER } from './harness.ts';

test('the payload lists every call and the limit; the output gives each call its value or time-out, and its cost', () => {
  assert.equal(callPayload('f', [[1], [2, 'a']]), '{"fn_name":"f","calls":[[1],[2,"a"]]}');
  assert.equal(callPayload('f', [[1]], 2000), '{"fn_name":"f","calls":[[1]],"limit_ms":2000}');
  const stdout = [
    `${RESULT_MARKER}0 1.250 1.500 ok [1, 2]`,
    `${RESULT_MARKER}1 0.000 0.010 ok {"a": null}`,
    `${RESULT_MARKER}2 300.125 301.000 timeout`,
    '',
  ].join('\n');
  assert.deepEqual(
    [...parseHarnessOutput(stdout)],
    [
      [0, { cpuMs: 1.25, wallMs: 1.5, timedOut: false, value: [1, 2] }],
      [1, { cpuMs: 0, wallMs: 0.01, timedOut: false, value: { a: null } }],
      [2, { cpuMs: 300.125, wallMs: 301, timedOut: true }],
    ],
  );
});

test('a line that does not parse gives no result; a repeated index keeps the last line', () => {
  const stdout = [
    `${RESULT_MARKER}0 1 1 ok not json`,
    `${RESULT_MARKER}3 1 1 [1]`,
    `${RESULT_MARKER}x 1 1 ok 3`,
    `${RESULT_MARKER}1 1 1 ok 3`,
    `noise ${RESULT_MARKER}1 1 1 ok 4`,
    '',
  ].join('\n');
  const results = parseHarnessOutput(stdout);
  assert.equal(results.has(0), false);
  assert.equal(results.has(3), false, 'neither ok nor timeout');
  assert.deepEqual(results.get(1), { cpuMs: 1, wallMs: 1, timedOut: false, value: 4 });
  assert.equal(parseHarnessOutput('').size, 0);
});
