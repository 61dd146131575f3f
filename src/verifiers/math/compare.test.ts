import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ComputeEngine } from '@cortex-js/compute-engine';
import { compareAnswers } from './compare.ts';
import { normalizeAnswer } from './normalize.ts';
import { fastScalarEqual } from './scalar-fast.ts';
import { parseStructure } from './structure.ts';
import { createSymbolicEquality } from './symbolic.ts';

const symbolic = createSymbolicEquality(new ComputeEngine());
const read = (answer: string) => parseStructure(normalizeAnswer(answer));
const matches = (gold: string, pred: string) => compareAnswers(read(gold), read(pred), symbolic);
const fastMatches = (gold: string, pred: string) => compareAnswers(read(gold), read(pred), fastScalarEqual);

/** [gold, prediction, expected, note] */
type Case = [string, string, boolean, string];

function table(name: string, cases: Case[]) {
  describe(name, () => {
    for (const [gold, pred, expected, note] of cases) {
      it(`${note}: ${gold} vs ${pred} → ${expected}`, () => assert.equal(matches(gold, pred), expected));
    }
  });
}

table('numbers', [
  ['-5', '-5', true, 'negative numbers'],
  ['7425000', '7,425,000', true, 'thousands separators'],
  ['1000', '1 000', true, 'space thousands'],
  ['1000', '1000.0', true, 'trailing .0'],
  ['0.4', '.4', true, 'leading dot'],
  ['10/9', '\\frac{10}{9}', true, 'slash fraction'],
  ['-10/9', '-\\frac{10}{9}', true, 'negative fraction'],
  ['\\frac{1}{3}', '0.333333', true, '6-decimal rounding'],
  ['\\frac{1}{3}', '0.3333', false, 'too few decimals'],
  ['\\frac{1}{12}', '0.0833333333333333', true, 'long decimal'],
  ['\\pi', '3.14159265358979', true, 'decimal of pi'],
  ['\\frac{1}{2004!}', '\\frac{1}{2006!}', false, 'tiny values are not 0 (MV issue #14)'],
  ['\\frac{1}{2^{99}}', '\\frac{1}{2^{98}}', false, 'tiny values (MV issue #14)'],
  ['4', '4\\sqrt{2}', false, 'MV issue #41'],
  ['2', '\\frac{1+\\sqrt{5}}{2}', false, 'irrational vs integer'],
  ['1\\sqrt{19}', '1', false, 'coefficient one'],
]);

table('false positives', [
  ['\\frac{1}{2}', '\\frac{1}{3}', false, '½ ≠ ⅓'],
  ['x^2', 'x', false, 'x² ≠ x'],
  ['\\sqrt{2}', '1.414', false, '√2 ≠ 1.414 at 6 decimals'],
  ['1', '-1', false, 'sign'],
  ['(1,2)', '(2,1)', false, 'tuples are ordered'],
  ['[1,2]', '(1,2)', false, 'closed vs open interval'],
  ['x+2n+1', 'x+1', false, 'missing term'],
  ['(a+5)(b+2)', '(+5)(b+2)', false, 'missing variable'],
  ['\\pm 2021', '2021', false, '± is a set of two'],
]);

table('symbolic', [
  ['\\frac{x^2-1}{x-1}', 'x+1', true, 'rational function simplifies'],
  ['(x+1)^2', 'x^2+2x+1', true, 'expansion'],
  ['\\frac{x+2}{7}', '\\frac{x}{7}+\\frac{2}{7}', true, 'split fraction'],
  ['\\tan^2(y)+1', '\\sec^2(y)', true, 'trig identity'],
  ['2\\sqrt{2}', '\\sqrt{8}', true, 'radicals'],
  ['\\frac{\\sqrt{3}}{2}', '\\sin(\\pi/3)', true, 'trig value'],
  ['e^{i\\pi}', '-1', true, 'complex exponential'],
  [
    '\\frac{\\sqrt{\\sqrt{11}+\\sqrt{194}}}{15+2\\sqrt{33}}',
    '\\frac{\\sqrt{\\sqrt{11}+\\sqrt{194}}}{2\\sqrt{33}+15}',
    true,
    'order',
  ],
  ['x+1', 'y+1', false, 'different variables'],
]);

table('latex notation', [
  ['$1/3$', '$\\frac13 $', true, 'malformed \\frac13'],
  ['$1$', '$\\frac3{3} $', true, 'malformed \\frac3{3}'],
  ['$\\sqrt{3}$', '$\\sqrt3 $', true, 'malformed \\sqrt3'],
  ['$1/3$', '$\\cfrac{1}{3} $', true, '\\cfrac'],
  ['$1/3$', '$\\dfrac{1}{3} $', true, '\\dfrac'],
  ['$1/3$', '$\\tfrac{1}{3} $', true, '\\tfrac'],
  ['$1/3$', '$\\left( \\frac{1}{3} \\right)$', true, '\\left( \\right)'],
  ['$1/3$', '$\\frac{1}{3} \\text{meters}$', true, 'text unit'],
  ['$1/3$', '$\\frac{1}{3} \\textbf{meters}$', true, 'bold unit'],
  ['$1/3$', '$k = \\frac{1}{3}$', true, 'last = wins'],
  ['$10$', '(9+1)', true, 'parenthesised sum'],
  ['15', '15\\mbox{ cm}^2', true, 'mbox unit'],
  ['90^\\circ', '90', true, 'degrees'],
  ['\\text{Evelyn}', 'Evelyn', true, 'text answer'],
  ['\\text{13}', '13', true, '\\text{13} = 13 (fixed in Math-Verify 0.8.0, issue #37)'],
  ['204_5', '54', true, 'base subscript'],
  ['12\\text{ and }13', '12, 13', true, 'and-list'],
]);

table('percentages (percent sign dropped, NeMo-Skills rule)', [
  ['28\\%', '28', true, 'gold percent, bare pred'],
  ['28\\%', '28 percent', true, 'percent word'],
  ['28\\%', '28 pct', true, 'pct word'],
  ['0.28', '28', false, 'fraction vs percent number'],
  ['28', '28/100', false, 'no implicit /100'],
  ['50\\%', '0.5', false, '50% is not read as 0.5'],
]);

table('sets, tuples, intervals, matrices', [
  ['\\{1,2,3\\}', '\\{3,2,1\\}', true, 'sets ignore order'],
  ['1,2', '2,1', true, 'bare lists are sets'],
  ['\\{1,2\\}', '\\{1,2,3\\}', false, 'extra element'],
  ['(1,2)', '\\{1,2\\}', false, 'tuple vs set (strict)'],
  ['(1,\\frac{9}{2})', '(1,4.5)', true, 'tuple with decimal'],
  ['$[0,1)$', '$[0,1)$', true, 'same interval'],
  ['$[0,9)$', '$[0,1)$', false, 'different end'],
  ['$(0,9)$', '$[0,9)$', false, 'different bracket'],
  ['(\\frac{3}{5},\\frac{8}{3}]', '(0.6,2.666667]', true, 'interval with decimals'],
  ['(0,1)', '(0,1)', true, 'open interval / pair'],
  ['(-\\infty,-3]\\cup[2,\\infty)', '[2,\\infty)\\cup(-\\infty,-3]', true, 'union order'],
  ['[-3,2]', '(-\\infty,-3]\\cup[2,\\infty)', false, 'interval vs union'],
  ['\\{1\\pm\\sqrt5,-2\\}', '\\{-2,1+\\sqrt{5},1-\\sqrt{5}\\}', true, '± inside a set'],
  ['1\\pm\\sqrt{2}', '1-\\sqrt{2}, 1+\\sqrt{2}', true, '± as a set of two'],
  [
    '\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}',
    '\\begin{bmatrix}1&2\\\\3&4\\end{bmatrix}',
    true,
    'matrix brackets do not matter',
  ],
  [
    '\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}',
    '\\begin{pmatrix}1&2\\\\3&5\\end{pmatrix}',
    false,
    'one cell differs',
  ],
  ['\\begin{pmatrix}1&2\\end{pmatrix}', '\\begin{pmatrix}1\\\\2\\end{pmatrix}', false, 'shape differs'],
  [
    '\\begin{pmatrix}\\frac{1}{2}\\\\0\\end{pmatrix}',
    '\\begin{pmatrix}0.5\\\\0\\end{pmatrix}',
    true,
    'cells compare as numbers',
  ],
]);

table('relations and assignments (gold, prediction order matters)', [
  ['x<2', '2>x', true, 'flipped inequality'],
  ['a\\leq b', 'b\\geq a', true, 'flipped non-strict'],
  ['x<2', 'x\\leq 2', false, 'strictness'],
  ['x<2', '(-\\infty,2)', true, 'gold inequality accepts interval'],
  ['(-\\infty,2)', 'x<2', false, 'gold interval rejects inequality'],
  ['m\\geq\\sqrt{2}', '[\\sqrt{2},+\\infty)', true, 'MV issue #25 direction'],
  ['1<x\\leq 3', '(1,3]', true, 'chained inequality'],
  ['3', 'x=3', true, 'predicted assignment'],
  ['x=3', '3', true, 'gold assignment to a variable'],
  ['101', 'a+2z=2z+a=101', true, 'predicted chain: last side'],
  ['a+2z=2z+a=101', '101', false, 'gold chain is not resolved'],
  ['34x+45y-20z+100=0', '-34x-45y+20z-100=0', true, 'equation up to sign'],
  ['y=2x+1', '2x+1=y', true, 'swapped equation sides'],
  ['x=3', 'y=3', false, 'different variable'],
]);

describe('fast comparator', () => {
  it('decides structures of plain numbers without Compute Engine', () => {
    assert.equal(fastMatches('\\{1,2\\}', '\\{2,1\\}'), true);
    assert.equal(fastMatches('[0,1)', '[0,1]'), false);
  });
  it('settles formulas it can evaluate in doubles', () => {
    assert.equal(fastMatches('x^2', 'x\\cdot x'), true);
    assert.equal(fastMatches('2\\sqrt{2}', '\\sqrt{8}'), true);
    assert.equal(fastMatches('x^2', 'x'), false);
  });
  it('is undecided when a needed leaf is beyond the evaluator', () => {
    assert.equal(fastMatches('-1', 'e^{i\\pi}'), undefined);
    assert.equal(fastMatches('\\{-1, 2\\}', '\\{2, e^{i\\pi}\\}'), undefined);
  });
  it('is still true when a match was found without the undecided leaf', () => {
    assert.equal(fastMatches('\\{1\\}', '\\{1\\}'), true);
  });
});
