import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ComputeEngine } from '@cortex-js/compute-engine';
import { createSymbolicEquality, expressionsEqual } from './symbolic.ts';

const ce = new ComputeEngine();
const equal = createSymbolicEquality(ce);

describe('createSymbolicEquality', () => {
  it('uses the fast path first (word answers never reach Compute Engine)', () => {
    assert.equal(equal('Evelyn', 'evelyn'), true);
  });
  it('compares constants with a relative tolerance, not an absolute one', () => {
    assert.equal(equal('10^{-30}', '2\\cdot 10^{-30}'), false);
    assert.equal(equal('\\frac{1}{2004!}', '\\frac{2005\\cdot 2006}{2006!}'), true);
  });
  it('compares big exact integers exactly (doubles cannot)', () => {
    assert.equal(equal('2^{100}', '1267650600228229401496703205376'), true);
    assert.equal(equal('2^{100}', '1267650600228229401496703205377'), false);
    assert.equal(equal('\\binom{60}{30}', '118264581564861424'), true);
  });
  it('treats 0 exactly', () => {
    assert.equal(equal('0', '\\sin(\\pi)'), true);
    assert.equal(equal('0', '10^{-20}'), false);
  });
  it('samples free variables at several points', () => {
    assert.equal(equal('|x|', 'x'), false);
    assert.equal(equal('\\sqrt{x^2}', '|x|'), true);
  });
  it('refuses unevaluable function symbols rather than guessing', () => {
    assert.equal(equal('f(x)', 'g(x)'), false);
  });
  it('returns false for invalid LaTeX', () => {
    assert.equal(expressionsEqual(ce, ce.parse('\\frac{3}{'), ce.parse('3'), false), false);
  });
});
