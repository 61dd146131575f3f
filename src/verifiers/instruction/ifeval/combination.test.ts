import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { verifyInstructions } from '../verify.ts';

function follows(id: string, kwargs: Record<string, unknown>, response: string): boolean {
  return verifyInstructions(
    { response, instruction_id_list: [id], kwargs: [kwargs] },
    { suite: 'ifeval', modes: ['strict'] },
  ).strict!.followed[0];
}

type Case = [note: string, kwargs: Record<string, unknown>, response: string, expected: boolean];

function table(id: string, cases: Case[]): void {
  describe(id, () => {
    for (const [note, kwargs, response, expected] of cases) {
      it(`${note} → ${expected}`, () => assert.equal(follows(id, kwargs, response), expected));
    }
  });
}

table('combination:two_responses', [
  ['two different', {}, 'First answer.\n******\nSecond answer.', true],
  ['identical after strip', {}, 'Same.\n******\n  Same.  ', false],
  ['separators at the ends are fine', {}, '******\nA\n******\nB\n******', true],
  ['blank middle piece fails', {}, 'A\n******\n\n******\nB', false],
  ['three responses', {}, 'A\n******\nB\n******\nC', false],
]);

table('combination:repeat_prompt', [
  ['repeats first, any case', { prompt_to_repeat: 'Write a poem.' }, '  write a POEM. Here it is.', true],
  ['does not start with it', { prompt_to_repeat: 'Write a poem.' }, 'Sure! Write a poem.', false],
]);
