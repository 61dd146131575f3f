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

table('change_case:capital_word_frequency', [
  ['less than is strict', { capital_frequency: 2, capital_relation: 'less than' }, 'THE END is NEAR', false],
  ['at least', { capital_frequency: 3, capital_relation: 'at least' }, 'THE END is NEAR', true],
  // NLTK splits DON'T into DO and N'T: two capital words
  ['contractions split', { capital_frequency: 2, capital_relation: 'at least' }, "DON'T", true],
]);

table('change_case:english_capital', [
  ['all caps English', {}, 'THE WEATHER WAS PLEASANT THIS MORNING, SO WE WALKED TO THE MARKET.', true],
  ['one lowercase letter', {}, 'THE WEATHER WAS PLEASANt.', false],
  [
    'all caps but Spanish',
    {},
    'EL TIEMPO ESTABA AGRADABLE ESTA MAÑANA Y LA GENTE COMPRA PAN PARA LA FAMILIA.',
    false,
  ],
]);

table('change_case:english_lowercase', [
  ['lowercase English', {}, 'hello friend, i hope you are doing well and that you will vote.', true],
  ['a capital letter', {}, 'Hello friend.', false],
  // no cased character: islower() is false
  ['digits only', {}, '123', false],
]);
