import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { failed } from '../core/verdict.ts';
import { openDomainVerifier } from './registry.ts';
import { prepareRow, verifyPrepared, verifyRow } from './rows.ts';

describe('verifyRow', () => {
  it('scores a good row and names `where` in every error', async () => {
    const mcq = await openDomainVerifier('mcq');
    assert.equal((await verifyRow('mcq', mcq, { response: 'Answer: B', answer: 'B' }, 'row 0')).reward, 1);
    const cases: [unknown, RegExp][] = [
      [[1, 2], /^line 3: a row must be a JSON object$/],
      [{ answer: 'B' }, /^line 3: missing string field "response"$/],
      [{ response: 'B', answer: 'Z' }, /^line 3: bad mcq row at answer: /],
    ];
    for (const [row, reason] of cases) {
      const verdict = await verifyRow('mcq', mcq, row, 'line 3');
      assert.equal(verdict.status, 'error');
      assert.equal(verdict.reward, 0);
      assert.match(verdict.reason, reason);
    }
    await mcq.close();
  });

  it('tool rows may carry structured tool_calls instead of a response', () => {
    const prepared = prepareRow('tool', { expected: [], tool_calls: [] }, 'row 1');
    assert.equal('response' in prepared && prepared.response, '');
  });

  it('a verifier that throws or fails becomes an error verdict naming the row', async () => {
    const throwing = { verify: async () => Promise.reject(new Error('exploded')), close: async () => {} };
    const thrown = await verifyPrepared(throwing, { response: 'x', task: {} }, 'row 4');
    assert.deepEqual([thrown.status, thrown.reason], ['error', 'row 4: verifier failed: exploded']);
    const timing = { verify: async () => failed('timeout', 'took too long'), close: async () => {} };
    const timedOut = await verifyPrepared(timing, { response: 'x', task: {} }, 'row 5');
    assert.deepEqual([timedOut.status, timedOut.reason], ['timeout', 'row 5: took too long']);
  });
});
