import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mcqTaskSchema } from './task.ts';
import { mcqVerifier } from './verifier.ts';

const task = (row: unknown) => mcqTaskSchema.parse(row);

describe('mcqTaskSchema', () => {
  it('accepts a letter, a lowercase or parenthesised letter, an index, or answer_index', () => {
    assert.equal(task({ answer: 'C' }).answer, 'C');
    assert.equal(task({ answer: '(c)' }).answer, 'C');
    assert.equal(task({ answer: 2 }).answer, 'C');
    assert.equal(task({ answer_index: 9 }).answer, 'J');
    assert.equal(task({ answer: 'I', answer_index: 8 }).answer, 'I');
  });
  it('rejects a missing, out-of-range or inconsistent answer', () => {
    assert.equal(mcqTaskSchema.safeParse({}).success, false);
    assert.equal(mcqTaskSchema.safeParse({ answer: 'K' }).success, false);
    assert.equal(mcqTaskSchema.safeParse({ answer: 10 }).success, false);
    assert.equal(mcqTaskSchema.safeParse({ answer: 'A', answer_index: 1 }).success, false);
    assert.equal(mcqTaskSchema.safeParse({ answer: 'E', num_choices: 4 }).success, false);
  });
});

describe('mcqVerifier', () => {
  it('scores 1 for the right letter and 0 for a wrong one', async () => {
    const right = await mcqVerifier(task({ answer: 'B' }), 'Answer: B');
    assert.deepEqual([right.status, right.reward, right.correct], ['scored', 1, true]);
    const wrong = await mcqVerifier(task({ answer: 'B' }), 'Answer: C');
    assert.deepEqual([wrong.status, wrong.reward, wrong.correct], ['scored', 0, false]);
    assert.equal(wrong.details.predicted, 'C');
  });
  it('reads only the text after </think>', async () => {
    const verdict = await mcqVerifier(task({ answer: 'A' }), '<think>Answer: D maybe</think>\nAnswer: A');
    assert.equal(verdict.correct, true);
  });
  it('an unfinished <think> has no answer even if the reasoning names one', async () => {
    const verdict = await mcqVerifier(task({ answer: 'A' }), '<think>the answer is (A) I guess');
    assert.equal(verdict.correct, false);
    assert.equal(verdict.reward, 0);
    assert.match(verdict.reason, /never finished/);
  });
  it('no letter is a scored 0 with a reason, not an error', async () => {
    const verdict = await mcqVerifier(task({ answer: 'A', num_choices: 4 }), 'no idea');
    assert.deepEqual([verdict.status, verdict.reward, verdict.details.predicted], ['scored', 0, null]);
  });
});
