import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  normalizeAnswer,
  removeThousandsSeparators,
  repairMalformedOperators,
  resolveText,
  stripMathDelimiters,
} from './normalize.ts';

describe('normalizeAnswer', () => {
  const cases: [string, string, string][] = [
    [
      '\\dfrac / \\tfrac / \\cfrac become \\frac',
      '\\dfrac{1}{2}+\\tfrac{1}{3}+\\cfrac{1}{4}',
      '\\frac{1}{2}+\\frac{1}{3}+\\frac{1}{4}',
    ],
    ['\\left and \\right go', '\\left( 3, \\frac{\\pi}{2} \\right)', '(3,\\frac{\\pi}{2})'],
    ['spacing macros go', '2\\!\\,\\;x', '2x'],
    ['text units go', '15\\text{ cm}', '15'],
    ['text units with a power go', '69\\text{ cm}^2', '69'],
    ['text units with a braced power go', '8\\text{ m}^{3}', '8'],
    ['mbox units with a power go', '15\\mbox{ cm}^2', '15'],
    ['bold unit words go', '\\frac{1}{3} \\textbf{meters}', '\\frac{1}{3}'],
    ['bare unit words after a number go', '12 meters', '12'],
    ['degrees ^\\circ go', '90^\\circ', '90'],
    ['degrees ^{\\circ} go', '45^{\\circ}', '45'],
    ['the degree sign goes', '30°', '30'],
    ['\\% goes', '50\\%', '50'],
    ['% goes', '50%', '50'],
    ['percent words go', '28 percent', '28'],
    ['dollar signs go', '\\$16,\\!386.20', '16386.20'],
    ['1,000 is a thousands separator', '1,000', '1000'],
    ['1{,}000 is a thousands separator', '1{,}000', '1000'],
    ['7,425,000', '7,425,000', '7425000'],
    ['space thousands', '1 000', '1000'],
    ['1,2 stays a list', '1,2', '1,2'],
    ['1, 234 stays a list', '1, 234', '1,234'],
    ['malformed \\frac12', '\\frac12', '\\frac{1}{2}'],
    ['malformed \\frac1{2}', '\\frac1{2}', '\\frac{1}{2}'],
    ['malformed \\frac3{3}', '\\frac3{3}', '\\frac{3}{3}'],
    ['malformed \\sqrt3', '\\sqrt3', '\\sqrt{3}'],
    ['inline $…$', '$\\frac{1}{2}$', '\\frac{1}{2}'],
    ['\\(…\\)', '\\( 9 \\)', '9'],
    ['\\[…\\]', '\\[ 9 \\]', '9'],
    ['trailing period', '5.', '5'],
    ['nested boxed', '\\boxed{5}', '5'],
    ['\\text{} around a number', '\\text{13}', '13'],
    ['\\text{} around a word', '\\text{Evelyn}', 'Evelyn'],
    ['"and" between answers becomes a comma', '12\\text{ and }13', '12,13'],
    ['unicode minus and pi', '−2π', '-2\\pi'],
    ['leading + on a number', '+5', '5'],
    ['\\le becomes \\leq', 'x \\le 3', 'x\\leq 3'],
    ['a decimal stays', '0.5', '0.5'],
    ['a factorial is not punctuation', '5!', '5!'],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => assert.equal(normalizeAnswer(input), expected));
  }
});

describe('pieces', () => {
  it('stripMathDelimiters removes nested delimiters', () => {
    assert.equal(stripMathDelimiters('$$ \\( x \\) $$'), 'x');
  });
  it('repairMalformedOperators handles \\sqrt[3]8 and nested \\frac', () => {
    assert.equal(repairMalformedOperators('\\sqrt[3]8'), '\\sqrt[3]{8}');
    assert.equal(repairMalformedOperators('\\frac{\\frac12}3'), '\\frac{\\frac{1}{2}}{3}');
  });
  it('repairMalformedOperators leaves an incomplete \\frac as it is', () => {
    assert.equal(repairMalformedOperators('\\frac{1}'), '\\frac{1}');
  });
  it('removeThousandsSeparators keeps tuples-like text', () => {
    assert.equal(removeThousandsSeparators('(1,000)'), '(1,000)');
    assert.equal(removeThousandsSeparators('1,000.5'), '1000.5');
  });
  it('resolveText keeps a leading word', () => {
    assert.equal(resolveText('\\text{no solution}'), 'no solution');
  });
});
