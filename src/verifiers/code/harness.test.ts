import assert from 'node:assert/strict';
import { test } from 'node:test';
import { callPayload, parseHarnessOutput, RESULT_MARKER } from './harness.ts';

test('the payload lists every call; the output gives each call its value and cost, by index', () => {
  assert.equal(callPayload('f', [[1], [2, 'a']]), '{"fn_name":"f","calls":[[1],[2,"a"]]}');
  const stdout = `${RESULT_MARKER}0 1.250 1.500 [1, 2]\n${RESULT_MARKER}1 0.000 0.010 {"a": null}\n`;
  assert.deepEqual(
    [...parseHarnessOutput(stdout)],
    [
      [0, { value: [1, 2], cpuMs: 1.25, wallMs: 1.5 }],
      [1, { value: { a: null }, cpuMs: 0, wallMs: 0.01 }],
    ],
  );
});

test('a line that does not parse gives no result; a repeated index keeps the last line', () => {
  const stdout = [
    `${RESULT_MARKER}0 1 1 not json`,
    `${RESULT_MARKER}x 1 1 3`,
    `${RESULT_MARKER}1 1 1 3`,
    `noise ${RESULT_MARKER}1 1 1 4`,
    '',
  ].join('\n');
  const results = parseHarnessOutput(stdout);
  assert.equal(results.has(0), false);
  assert.equal(results.get(1)?.value, 4);
  assert.equal(parseHarnessOutput('').size, 0);
});
