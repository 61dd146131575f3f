import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  answerRegion,
  bareExpression,
  extractAnswer,
  finalAnswerSentence,
  findBoxes,
  goldAnswerText,
  lastBoxedAnswer,
} from './extract.ts';

describe('answerRegion', () => {
  it('takes the text after the last </think>', () => {
    assert.equal(answerRegion('<think>try \\boxed{1}</think>So \\boxed{2}'), 'So \\boxed{2}');
  });
  it('is null when <think> is open and never closed (unfinished response)', () => {
    assert.equal(answerRegion('<think>so the answer is \\boxed{3}'), null);
  });
  it('accepts a response whose <think> was in the prompt (only </think> present)', () => {
    assert.equal(answerRegion('reasoning</think>\\boxed{4}'), '\\boxed{4}');
  });
  it('is the whole response when there is no think block', () => {
    assert.equal(answerRegion('\\boxed{4}'), '\\boxed{4}');
  });
});

describe('findBoxes / lastBoxedAnswer', () => {
  it('balances nested braces', () => {
    assert.equal(lastBoxedAnswer('x = \\boxed{\\frac{1}{\\sqrt{2}}}.'), '\\frac{1}{\\sqrt{2}}');
  });
  it('ignores escaped braces when balancing', () => {
    assert.equal(lastBoxedAnswer('\\boxed{\\{1, 2\\}}'), '\\{1, 2\\}');
  });
  it('reads \\boxed 5 without braces and \\fbox', () => {
    assert.equal(lastBoxedAnswer('so \\boxed 5.'), '5');
    assert.equal(lastBoxedAnswer('so \\fbox{7}'), '7');
  });
  it('keeps \\text inside the box', () => {
    assert.equal(lastBoxedAnswer('\\boxed{\\text{Evelyn}}'), '\\text{Evelyn}');
  });
  it('takes the last box when earlier boxes are far back in the text', () => {
    assert.equal(lastBoxedAnswer('first \\boxed{3}, then after much more work we find \\boxed{5}'), '5');
  });
  it('joins boxes written side by side into one list (a set answer)', () => {
    assert.equal(lastBoxedAnswer('The roots are $\\boxed{1}$ and $\\boxed{2}$.'), '1, 2');
    assert.equal(lastBoxedAnswer('\\boxed{1}\\boxed{2}'), '1, 2');
  });
  it('skips an unbalanced box', () => {
    assert.equal(findBoxes('\\boxed{1} then \\boxed{2').length, 1);
    assert.equal(lastBoxedAnswer('\\boxed{1} then \\boxed{2'), '1');
  });
  it('does not treat \\boxedx as a box', () => {
    assert.equal(lastBoxedAnswer('\\boxedx{3}'), null);
  });
});

describe('finalAnswerSentence', () => {
  it('reads "The final answer is $…$"', () => {
    assert.equal(
      finalAnswerSentence('Final Answer: The final answer is $28 \\%$. I hope it is correct.'),
      '28 \\%',
    );
  });
  it('reads "The answer is 12." up to the sentence end, keeping decimals', () => {
    assert.equal(finalAnswerSentence('Thus the answer is 12.5. Done'), '12.5');
  });
  it('uses the last anchor', () => {
    assert.equal(finalAnswerSentence('the answer is 3\nwait, the answer is 4'), '4');
  });
  it('is null without an anchor', () => {
    assert.equal(finalAnswerSentence('I computed 12'), null);
  });
});

describe('bareExpression', () => {
  it('accepts a short math-only response', () => {
    assert.equal(bareExpression(' $\\frac{1}{2}$ '), '\\frac{1}{2}');
    assert.equal(bareExpression('42'), '42');
  });
  it('rejects prose', () => {
    assert.equal(bareExpression('I think it is 42'), null);
  });
});

describe('extractAnswer', () => {
  it('prefers boxed, then final-answer sentence, then bare', () => {
    assert.deepEqual(extractAnswer('The answer is 3. So \\boxed{4}'), { answer: '4', method: 'boxed' });
    assert.deepEqual(extractAnswer('work...\nThe final answer is 7'), {
      answer: '7',
      method: 'final_answer',
    });
    assert.deepEqual(extractAnswer('7'), { answer: '7', method: 'bare' });
  });
  it('only looks after </think>', () => {
    assert.deepEqual(extractAnswer('<think>\\boxed{1}</think>The final answer is 2'), {
      answer: '2',
      method: 'final_answer',
    });
  });
  it('reports an unfinished response as no answer', () => {
    assert.deepEqual(extractAnswer('<think>\\boxed{1}'), {
      answer: null,
      method: null,
      failure: 'unfinished',
    });
  });
  it('reports prose without an answer as not found', () => {
    assert.equal(extractAnswer('I do not know how to solve this.').failure, 'not_found');
  });
});

describe('goldAnswerText', () => {
  it('accepts bare, LaTeX and boxed golds', () => {
    assert.equal(goldAnswerText('5'), '5');
    assert.equal(goldAnswerText('\\frac{1}{2}'), '\\frac{1}{2}');
    assert.equal(goldAnswerText('$\\boxed{5}$'), '5');
  });
});
