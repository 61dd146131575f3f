import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decimalsEqual, exactNumbersEqual, hasDecimalLiteral, parseExactNumber } from './numeric.ts';

const equal = (gold: string, pred: string) => {
  const goldNumber = parseExactNumber(gold);
  const predNumber = parseExactNumber(pred);
  assert.ok(goldNumber && predNumber, `both parse: ${gold}, ${pred}`);
  return exactNumbersEqual(goldNumber, predNumber);
};

describe('parseExactNumber', () => {
  it('reads integers, decimals and fractions exactly', () => {
    assert.deepEqual(parseExactNumber('-12'), { numerator: -12n, denominator: 1n, isDecimal: false });
    assert.deepEqual(parseExactNumber('.4'), { numerator: 4n, denominator: 10n, isDecimal: true });
    assert.deepEqual(parseExactNumber('-\\frac{3}{4}'), {
      numerator: -3n,
      denominator: 4n,
      isDecimal: false,
    });
    assert.deepEqual(parseExactNumber('10/-4'), { numerator: -10n, denominator: 4n, isDecimal: false });
  });
  it('rejects non-numbers and zero denominators', () => {
    assert.equal(parseExactNumber('x'), null);
    assert.equal(parseExactNumber('\\frac{1}{0}'), null);
    assert.equal(parseExactNumber('2\\sqrt{2}'), null);
  });
});

describe('exactNumbersEqual (Math-Verify numeric rule)', () => {
  it('compares exact values exactly', () => {
    assert.equal(equal('\\frac{2}{4}', '\\frac{1}{2}'), true);
    assert.equal(equal('\\frac{1}{2}', '\\frac{1}{3}'), false);
    assert.equal(equal('1', '-1'), false);
    assert.equal(equal('1000', '1000.0'), true);
  });
  it('rounds to 6 decimals when either side is a decimal', () => {
    assert.equal(equal('\\frac{1}{3}', '0.333333'), true);
    assert.equal(equal('\\frac{1}{3}', '0.3333'), false);
    assert.equal(equal('\\frac{1}{12}', '0.0833333333333333'), true);
    assert.equal(equal('0.4', '.4'), true);
  });
  it('keeps big integers exact', () => {
    assert.equal(equal('12345678901234567890', '12345678901234567891'), false);
  });
});

describe('helpers', () => {
  it('decimalsEqual rounds to 6 places', () => {
    assert.equal(decimalsEqual(Math.sqrt(3), 1.732), false);
    assert.equal(decimalsEqual(1 / 3, 0.333333), true);
  });
  it('hasDecimalLiteral', () => {
    assert.equal(hasDecimalLiteral('0.5x'), true);
    assert.equal(hasDecimalLiteral('.4'), true);
    assert.equal(hasDecimalLiteral('\\frac{1}{2}'), false);
  });
});
