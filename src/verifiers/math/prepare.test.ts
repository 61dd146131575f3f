import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultMathLimits, prepareMathCheck } from './prepare.ts';

const prepare = (gold: string, response: string) => prepareMathCheck(gold, response, defaultMathLimits);

describe('prepareMathCheck', () => {
  it('short-circuits identical normalised answers', () => {
    const result = prepare('\\frac{1}{2}', 'so \\boxed{\\dfrac12}');
    assert.equal(result.decided, true);
    assert.equal(result.decided && result.verdict.reward, 1);
    assert.equal(result.decided && result.verdict.details.path, 'fast');
  });
  it('decides formulas the evaluator handles without Compute Engine', () => {
    const result = prepare('x+1', '\\boxed{\\frac{x^2-1}{x-1}}');
    assert.equal(result.decided && result.verdict.correct, true);
  });
  it('decides plain numbers without Compute Engine', () => {
    const result = prepare('0.5', '\\boxed{\\frac{1}{3}}');
    assert.equal(result.decided && result.verdict.correct, false);
  });
  it('hands symbolic pairs on, with their structures', () => {
    const result = prepare('-1', '\\boxed{e^{i\\pi}}');
    assert.equal(result.decided, false);
    assert.equal(!result.decided && result.details.path, 'symbolic');
  });
  it('scores an unfinished response 0 with a reason', () => {
    const result = prepare('5', '<think>\\boxed{5}');
    assert.ok(result.decided);
    assert.equal(result.verdict.status, 'scored');
    assert.equal(result.verdict.reward, 0);
    assert.match(result.verdict.reason, /unfinished/);
  });
  it('scores a response without an answer 0 with a reason', () => {
    const result = prepare('5', 'I could not solve it.');
    assert.ok(result.decided);
    assert.match(result.verdict.reason, /no final answer/);
  });
  it('rejects an over-long answer at once', () => {
    const result = prepare('5', `\\boxed{${'1+'.repeat(5000)}1}`);
    assert.ok(result.decided);
    assert.equal(result.verdict.reward, 0);
    assert.match(result.verdict.reason, /too complex/);
  });
  it('rejects deep nesting at once', () => {
    const result = prepare('5', `\\boxed{${'\\frac{1}{'.repeat(40)}2${'}'.repeat(40)}}`);
    assert.ok(result.decided);
    assert.match(result.verdict.reason, /nesting depth/);
  });
  it('reports an empty gold as an error, not a 0', () => {
    const result = prepare('  ', '\\boxed{5}');
    assert.ok(result.decided);
    assert.equal(result.verdict.status, 'error');
  });
  it('keeps the details the verdict promises', () => {
    const result = prepare('$\\boxed{5}$', 'The final answer is 5');
    assert.ok(result.decided);
    assert.deepEqual(
      {
        extracted: result.verdict.details.extracted,
        method: result.verdict.details.method,
        gold: result.verdict.details.gold,
      },
      { extracted: '5', method: 'final_answer', gold: '5' },
    );
  });
});
