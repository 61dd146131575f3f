import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateAt, parseFormula, samplePoint } from './evaluate.ts';

const value = (latex: string, variables: Record<string, number> = {}) => {
  const formula = parseFormula(latex);
  assert.ok(formula, `parses: ${latex}`);
  return evaluateAt(formula, variables);
};
const close = (actual: number, expected: number) =>
  assert.ok(
    Math.abs(actual - expected) <= 1e-12 * Math.max(1, Math.abs(expected)),
    `${actual} ≈ ${expected}`,
  );

describe('parseFormula / evaluateAt', () => {
  it('evaluates arithmetic with precedence and unary minus', () => {
    close(value('1+2\\cdot 3-4/8'), 6.5);
    close(value('-x^2', { x: 3 }), -9);
    close(value('2^{3^2}'), 512);
    close(value('6\\div 4\\times 2'), 3);
  });
  it('evaluates \\frac, \\sqrt and roots', () => {
    close(value('\\frac{3}{4}'), 0.75);
    close(value('2\\sqrt{2}'), 2 * Math.SQRT2);
    close(value('\\sqrt[3]{-8}'), -2);
    close(value('\\frac{\\sqrt{3}}{2}'), Math.sqrt(3) / 2);
  });
  it('multiplies implicitly', () => {
    close(value('(x+1)(x-1)', { x: 3 }), 8);
    close(value('3x y', { x: 2, y: 5 }), 30);
    close(value('\\pi r^2', { r: 2 }), 4 * Math.PI);
  });
  it('knows functions, their powers, logs, e, |x|, n! and \\binom', () => {
    close(value('\\sin^2(y)+\\cos^2(y)', { y: 0.3 }), 1);
    close(value('\\log_2 8'), 3);
    close(value('\\log 100'), 2);
    close(value('\\ln e'), 1);
    close(value('|x-5|', { x: 2 }), 3);
    close(value('5!'), 120);
    close(value('\\binom{5}{2}'), 10);
  });
  it('names subscripted variables', () => {
    assert.deepEqual(parseFormula('x_1+x_{2}')?.variables, ['x_1', 'x_2']);
  });
  it('turns a factorial beyond doubles into NaN instead of looping', () => {
    assert.ok(Number.isNaN(value('100000!')));
  });
  it('refuses what it does not understand', () => {
    for (const latex of [
      'e^{i\\pi}',
      'f(x)',
      '\\sin^{-1}(1)',
      '\\infty',
      '204_5',
      '12 13',
      '\\sum_{k=1}^{3}k',
      '1+',
      '\\frac{1}',
    ]) {
      assert.equal(parseFormula(latex), null, latex);
    }
  });
});

describe('samplePoint', () => {
  it('gives each variable a different value per trial, deterministically', () => {
    const point = samplePoint(0, ['x', 'y']);
    assert.notEqual(point.x, point.y);
    assert.deepEqual(samplePoint(1, ['x', 'y']), samplePoint(1, ['x', 'y']));
  });
});
