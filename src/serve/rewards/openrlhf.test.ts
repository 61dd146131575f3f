import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scored } from '../../core/verdict.ts';
import { labelRow, openRlhfResponse, openRlhfRows, responseFromQuery } from './openrlhf.ts';

describe('OpenRLHF remote reward protocol', () => {
  it('takes the response as what follows the prompt in the query', () => {
    assert.equal(responseFromQuery('PROMPT: hi\nANSWER 5', 'PROMPT: hi\n'), 'ANSWER 5');
    assert.equal(responseFromQuery('other text', 'PROMPT'), 'other text');
    assert.equal(responseFromQuery('text', ''), 'text');
    assert.equal(responseFromQuery('P: end with this.<|im_end|>\n<|endoftext|>', 'P: '), 'end with this.');
    assert.equal(responseFromQuery('P: keep </b> tags ', 'P: '), 'keep </b> tags ');
  });

  it('reads a JSON-object label as the row and any other label as the default domain answer', () => {
    assert.deepEqual(labelRow('{"domain": "mcq", "answer": "C"}', 'math'), { domain: 'mcq', answer: 'C' });
    assert.deepEqual(labelRow('{"answer": "C"}', 'mcq'), { domain: 'mcq', answer: 'C' });
    assert.deepEqual(labelRow('42', 'math'), { domain: 'math', answer: '42' });
    assert.deepEqual(labelRow('{1, 2}', 'math'), { domain: 'math', answer: '{1, 2}' });
  });

  it('builds one row per query, with the prompt, and checks list lengths', () => {
    const parsed = openRlhfRows(
      { query: ['Q1 A1', 'Q2 A2'], prompts: ['Q1 ', 'Q2 '], labels: ['1', '2'] },
      'math',
    );
    assert.deepEqual(parsed, {
      rows: [
        { domain: 'math', answer: '1', prompt: 'Q1 ', response: 'A1' },
        { domain: 'math', answer: '2', prompt: 'Q2 ', response: 'A2' },
      ],
    });
    assert.match(
      String((openRlhfRows({ query: 'x' }, 'math') as { error: string }).error),
      /"query" must be a list/,
    );
    assert.match(
      String((openRlhfRows({ query: ['a'], prompts: ['a', 'b'] }, 'math') as { error: string }).error),
      /"prompts" has 2 entries but "query" has 1/,
    );
  });

  it('answers rewards, scores and extra logs per query', () => {
    const answer = openRlhfResponse([scored(1, true, 'ok'), { ...scored(0, false, 'x'), status: 'error' }]);
    assert.deepEqual(answer, {
      rewards: [1, 0],
      scores: [1, 0],
      extra_logs: { correct: [1, 0], error: [0, 1] },
    });
  });
});
