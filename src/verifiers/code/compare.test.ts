import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareCallResult, compareStdout, parseDecimal, pythonEquals } from './compare.ts';

// [actual, expected, passes, note] — rules from LiveCodeBench's grade_stdio
const STDIO_CASES: [string, string, boolean, string][] = [
  ['3\n', '3', true, 'trailing newline stripped'],
  ['  1 2  \r\n3\n\n', '1 2\n3', true, 'line ends and surrounding blanks stripped'],
  ['1  2', '1 2', true, 'runs of spaces inside a line: token comparison'],
  ['1.0', '1', true, 'decimal value equality'],
  ['1.50 2e3', '1.5 2000', true, 'trailing zeros and exponents'],
  ['0.30000000000000004', '0.3', false, 'no epsilon by default'],
  ['1\n2', '1 2', false, 'line counts must match'],
  ['1\n\n2', '1\n2', false, 'an inner blank line is a line'],
  ['YES', 'yes', false, 'case matters'],
  ['abc def', 'abc  def', false, 'words in differing lines fail the decimal conversion'],
  ['-0', '0', true, 'negative zero equals zero, as Decimal'],
  ['nan', 'nan', true, 'identical lines pass before any numeric parsing'],
  ['nan 1', 'nan  1', false, 'NaN tokens never compare equal as decimals'],
];

for (const [actual, expected, passes, note] of STDIO_CASES) {
  test(`stdout ${JSON.stringify(actual)} vs ${JSON.stringify(expected)} → ${passes} (${note})`, () => {
    assert.equal(compareStdout(actual, expected).passed, passes);
  });
}

test('float tolerance, when asked for, accepts close values', () => {
  assert.equal(compareStdout('0.30000000000000004', '0.3', { floatTolerance: 1e-9 }).passed, true);
  assert.equal(compareStdout('0.31', '0.3', { floatTolerance: 1e-6 }).passed, false);
});

test('parseDecimal reads what Python Decimal reads', () => {
  assert.deepEqual(parseDecimal('120'), { negative: false, digits: '12', exponent: 1, infinite: false });
  assert.deepEqual(parseDecimal('1_000'), parseDecimal('1000'));
  assert.deepEqual(parseDecimal('.5'), parseDecimal('5e-1'));
  for (const bad of ['abc', '1__0', '_1', '.', '', 'e5', '0x10']) assert.equal(parseDecimal(bad), null, bad);
  assert.equal(parseDecimal('-Infinity')?.infinite, true);
});

test('call results compare as Python == does', () => {
  assert.equal(pythonEquals(1, 1.0), true);
  assert.equal(pythonEquals(true, 1), true);
  assert.equal(pythonEquals([1, [2, 3]], [1, [2, 3]]), true);
  assert.equal(pythonEquals([1, 2], [2, 1]), false);
  assert.equal(pythonEquals({ a: 1, b: [1] }, { b: [1], a: 1 }), true);
  assert.equal(pythonEquals({ a: 1 }, { a: 1, b: 2 }), false);
  assert.equal(pythonEquals('1', 1), false);
  assert.equal(pythonEquals(null, null), true);
  assert.equal(pythonEquals([], {}), false);
  assert.equal(compareCallResult([1], 1).passed, false);
});
