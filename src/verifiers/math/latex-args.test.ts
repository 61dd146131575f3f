import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { closingBrace, isEscaped, nestingDepth, readArgument } from './latex-args.ts';

describe('latex-args', () => {
  it('closingBrace skips escaped braces and reports unbalanced groups', () => {
    assert.equal(closingBrace('{a\\}b}c', 0), 6);
    assert.equal(closingBrace('{a{b}', 0), -1);
  });
  it('isEscaped counts backslashes', () => {
    assert.equal(isEscaped('\\{', 1), true);
    assert.equal(isEscaped('\\\\{', 2), false);
  });
  it('readArgument reads braces, commands and single characters', () => {
    assert.deepEqual(readArgument(' {12}3', 0), { content: '12', end: 5, braced: true });
    assert.deepEqual(readArgument('\\pi x', 0), { content: '\\pi', end: 3, braced: false });
    assert.deepEqual(readArgument('23', 0), { content: '2', end: 1, braced: false });
    assert.equal(readArgument('{1', 0), null);
  });
  it('nestingDepth', () => {
    assert.equal(nestingDepth('\\frac{(1)}{[2]}'), 2);
  });
});
