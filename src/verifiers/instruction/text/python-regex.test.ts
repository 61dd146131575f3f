import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compilePythonPattern, countMatches } from './python-regex.ts';

const TEXT = "War war C++ x{x} aa a]b 's aa café Cat";

describe('compilePythonPattern', () => {
  // expected counts are Python's len(re.findall(pattern, TEXT, re.I))
  const cases: [string, number][] = [
    ['war', 2],
    ['C\\+\\+', 1],
    // braces that are no quantifier are literals in Python
    ['x{x}', 1],
    ['a{2}', 2],
    ['a{,2}', 37],
    ['\\bcat\\b', 1],
    ['[\\w-]+', 12],
    ['\\-x', 0],
    ['a]b', 1],
    ["\\'s", 1],
    ['(?P<n>a)(?P=n)', 2],
    ['café', 1],
  ];
  for (const [pattern, expected] of cases) {
    it(`${pattern} → ${expected}`, () =>
      assert.equal(countMatches(compilePythonPattern(pattern, 'i'), TEXT), expected));
  }

  it('uses Unicode word boundaries like Python 3', () => {
    assert.equal(compilePythonPattern('\\bcafé\\b').test('un café noir'), true);
    assert.equal(compilePythonPattern('\\bcaf\\b').test('un café noir'), false);
  });

  it("lets `.` cross `\\r` but not `\\n`, like Python's", () => {
    assert.equal(compilePythonPattern('a.b').test('a\rb'), true);
    assert.equal(compilePythonPattern('a.b').test('a\nb'), false);
  });

  it('throws on a pattern Python would reject too', () => {
    assert.throws(() => compilePythonPattern('C++'));
  });
});
