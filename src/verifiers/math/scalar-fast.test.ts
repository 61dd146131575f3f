import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fastScalarEqual, leafKey } from './scalar-fast.ts';

describe('fastScalarEqual', () => {
  it('decides identical text and plain numbers', () => {
    assert.equal(fastScalarEqual('\\pi r^2', '\\pi r^2'), true);
    assert.equal(fastScalarEqual('0.5', '\\frac{1}{2}'), true);
    assert.equal(fastScalarEqual('\\frac{1}{2}', '\\frac{1}{3}'), false);
  });
  it('decides infinities', () => {
    assert.equal(fastScalarEqual('\\infty', '+\\infty'), true);
    assert.equal(fastScalarEqual('\\infty', '-\\infty'), false);
    assert.equal(fastScalarEqual('\\infty', '5'), false);
  });
  it('compares word answers case-insensitively and never equal to numbers', () => {
    assert.equal(fastScalarEqual('Evelyn', 'evelyn'), true);
    assert.equal(fastScalarEqual('Evelyn', 'Briana'), false);
    assert.equal(fastScalarEqual('Evelyn', '13'), false);
  });
  it('evaluates formulas in doubles, sampling free variables', () => {
    assert.equal(fastScalarEqual('x^2', 'x\\cdot x'), true);
    assert.equal(fastScalarEqual('(x+1)^2', 'x^2+2x+1'), true);
    assert.equal(fastScalarEqual('\\frac{x^2-1}{x-1}', 'x+1'), true);
    assert.equal(fastScalarEqual('x^2', 'x'), false);
    assert.equal(fastScalarEqual('x+1', 'y+1'), false);
    assert.equal(fastScalarEqual('\\sqrt{2}', '1.414'), false);
    assert.equal(fastScalarEqual('\\sqrt{2}', '1.414214'), true);
    assert.equal(fastScalarEqual('\\frac{\\pi}{4}', '\\frac{2\\pi}{8}'), true);
  });
  it('leaves to Compute Engine what doubles cannot tell', () => {
    assert.equal(fastScalarEqual('0', '\\sin(\\pi)'), undefined, 'rounding noise around 0');
    assert.equal(fastScalarEqual('\\frac{1}{2004!}', '\\frac{1}{2006!}'), undefined, 'beyond doubles');
    assert.equal(fastScalarEqual('-1', 'e^{i\\pi}'), undefined, 'complex');
    assert.equal(fastScalarEqual('f(x)', 'f(y)'), undefined, 'function symbols');
    assert.equal(fastScalarEqual('\\infty', '\\frac{1}{0}'), undefined);
    assert.equal(fastScalarEqual('2^{100}', '1267650600228229401496703205377'), undefined, 'beyond 2^53');
    assert.equal(fastScalarEqual('2^{100}', '3^{100}'), false, 'clearly different even when huge');
  });
  it('never calls two empty leaves equal', () => {
    assert.equal(fastScalarEqual('', ''), false);
  });
});

describe('leafKey', () => {
  it('drops spaces except between letters', () => {
    assert.equal(leafKey('2 x + \\pi r'), '2x+\\pi r');
  });
});
