import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PreferenceScorer } from '../../core/verdict.ts';
import { createTestScorer, testDoubleScore } from './test-double.ts';
import { preferenceVerifier, scoredAnswer, scorePreferenceBatch } from './verifier.ts';

describe('scoredAnswer', () => {
  it('thinking responses are scored on the text after </think>', () => {
    assert.deepEqual(scoredAnswer('<think>long reasoning</think>\n\nThe answer.'), {
      answer: 'The answer.',
      finished: true,
    });
  });
  it('an unfinished <think> is scored whole', () => {
    assert.deepEqual(scoredAnswer('<think>still going'), { answer: '<think>still going', finished: false });
  });
  it('a non-thinking response is scored whole', () => {
    assert.deepEqual(scoredAnswer('Plain answer.'), { answer: 'Plain answer.', finished: true });
  });
});

describe('preferenceVerifier', () => {
  it('sends the prompt and the post-</think> answer to the scorer and returns its score as the reward', async () => {
    const { scorer, batches } = createTestScorer();
    const verdict = await preferenceVerifier(scorer)(
      { prompt: 'Explain photosynthesis briefly' },
      '<think>hmm</think>Photosynthesis explained.',
    );
    assert.deepEqual(batches, [
      [{ prompt: 'Explain photosynthesis briefly', answer: 'Photosynthesis explained.' }],
    ]);
    assert.equal(verdict.status, 'scored');
    assert.equal(
      verdict.reward,
      testDoubleScore('Explain photosynthesis briefly', 'Photosynthesis explained.'),
    );
    assert.equal(verdict.correct, false);
  });

  it('a scorer failure, a wrong count or a non-finite score is an error verdict, never 0 silently', async () => {
    const throwing: PreferenceScorer = async () => {
      throw new Error('RM down');
    };
    assert.equal((await preferenceVerifier(throwing)({ prompt: 'q' }, 'a')).status, 'error');
    const short: PreferenceScorer = async () => [];
    assert.equal((await preferenceVerifier(short)({ prompt: 'q' }, 'a')).status, 'error');
    const nan: PreferenceScorer = async () => [Number.NaN];
    assert.equal((await preferenceVerifier(nan)({ prompt: 'q' }, 'a')).status, 'error');
  });
});

describe('scorePreferenceBatch', () => {
  it('scores a batch in one scorer call, in order', async () => {
    const { scorer, batches } = createTestScorer();
    const prompt = 'Name three primary colors';
    const verdicts = await scorePreferenceBatch(scorer, [
      { task: { prompt }, response: 'Red, blue and yellow are the primary colors.' },
      { task: { prompt }, response: '<think>colors...' },
    ]);
    assert.equal(batches.length, 1);
    assert.equal(verdicts.length, 2);
    assert.ok(
      verdicts[0].reward > verdicts[1].reward,
      'the on-topic answer scores higher with the test double',
    );
    assert.equal(verdicts[1].details.finished, false);
  });
  it('an aborted signal gives timeouts without calling the scorer', async () => {
    const { scorer, batches } = createTestScorer();
    const controller = new AbortController();
    controller.abort();
    const verdicts = await scorePreferenceBatch(
      scorer,
      [{ task: { prompt: 'q' }, response: 'a' }],
      controller.signal,
    );
    assert.deepEqual([verdicts[0].status, batches.length], ['timeout', 0]);
  });
});
