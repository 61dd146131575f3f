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

table('startend:end_checker', [
  ['exact end', { end_phrase: 'Any other questions?' }, 'Text. Any other questions?', true],
  [
    'case-insensitive, wrapped in quotes, trailing space',
    { end_phrase: 'Any other questions?' },
    '"Text. any other questions?"  ',
    true,
  ],
  ['words after it', { end_phrase: 'Any other questions?' }, 'Any other questions? Bye.', false],
]);

table('startend:quotation', [
  ['wrapped', {}, '  "Hello"  ', true],
  ['single quote char is too short', {}, '"', false],
  ['not closed', {}, '"Hello', false],
]);
