import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pythonJsonDumps, pythonRepr, pythonStr } from './python-format.ts';

// Expected strings are what CPython 3 prints for the same values.
test('json.dumps(ensure_ascii=False) spacing, unicode and escapes', () => {
  assert.equal(pythonJsonDumps({ a: 1, b: [true, null, 'x'] }), '{"a": 1, "b": [true, null, "x"]}');
  assert.equal(pythonJsonDumps({ city: 'Zürich', emoji: '🙂' }), '{"city": "Zürich", "emoji": "🙂"}');
  assert.equal(pythonJsonDumps('a"b\\c\n\t\u0001'), '"a\\"b\\\\c\\n\\t\\u0001"');
  assert.equal(pythonJsonDumps([]), '[]');
  assert.equal(pythonJsonDumps({}), '{}');
});

test('floats print as Python repr does', () => {
  assert.equal(pythonJsonDumps(2.5), '2.5');
  assert.equal(pythonJsonDumps(0.1), '0.1');
  assert.equal(pythonJsonDumps(1e-5), '1e-05');
  assert.equal(pythonJsonDumps(0.0001), '0.0001');
  assert.equal(pythonJsonDumps(1.5e-7), '1.5e-07');
  assert.equal(pythonJsonDumps(123456789012), '123456789012');
});

test('str() and repr() of JSON values', () => {
  assert.equal(pythonStr(true), 'True');
  assert.equal(pythonStr(false), 'False');
  assert.equal(pythonStr(null), 'None');
  assert.equal(pythonStr('plain'), 'plain');
  assert.equal(pythonStr(['string', 'null']), "['string', 'null']");
  assert.equal(pythonStr({ k: "it's" }), `{'k': "it's"}`);
  assert.equal(pythonRepr('a\nb'), "'a\\nb'");
});
