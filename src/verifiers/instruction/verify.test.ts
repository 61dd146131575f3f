import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCascadeError } from '../../core/errors.ts';
import { verifyInstructions } from './verify.ts';

describe('verifyInstructions', () => {
  it('scores each instruction strictly and loosely, with prompt- and instruction-level results', () => {
    const outcome = verifyInstructions({
      response:
        'Sure, here it is:\nTHIS LINE HAS NO COMMAS AND IT IS ALL IN CAPITAL LETTERS\nHope this helps',
      instruction_id_list: ['punctuation:no_comma', 'change_case:english_capital'],
      kwargs: [{}, {}],
    });
    // strict: the first line has a comma and mixed case
    assert.deepEqual(outcome.strict!.followed, [false, false]);
    assert.equal(outcome.strict!.promptLevel, false);
    // loose: dropping the first line removes the comma; dropping both lines leaves capitals only
    assert.deepEqual(outcome.loose!.followed, [true, true]);
    assert.equal(outcome.loose!.promptLevel, true);
    assert.equal(outcome.loose!.instructionsFollowed, 2);
    assert.deepEqual(
      outcome.instructions.map(({ id, strict, loose }) => ({ id, strict, loose })),
      [
        { id: 'punctuation:no_comma', strict: false, loose: true },
        { id: 'change_case:english_capital', strict: false, loose: true },
      ],
    );
  });

  it('loose mode forgives markdown asterisks', () => {
    const outcome = verifyInstructions({
      response: '**"Quoted answer"**',
      instruction_id_list: ['startend:quotation'],
      kwargs: [{}],
    });
    assert.equal(outcome.strict!.followed[0], false);
    assert.equal(outcome.loose!.followed[0], true);
  });

  it('a blank response follows nothing, not even "no comma"', () => {
    const outcome = verifyInstructions({
      response: ' \n ',
      instruction_id_list: ['punctuation:no_comma'],
      kwargs: [{}],
    });
    assert.deepEqual(outcome.strict!.followed, [false]);
    assert.deepEqual(outcome.loose!.followed, [false]);
  });

  it('scores only the modes asked for', () => {
    const outcome = verifyInstructions(
      { response: 'a', instruction_id_list: ['punctuation:no_comma'], kwargs: [{}] },
      { modes: ['strict'] },
    );
    assert.ok(outcome.strict);
    assert.equal(outcome.loose, undefined);
  });

  it('reads null kwargs and null values as absent (the published rows)', () => {
    const outcome = verifyInstructions({
      response: 'Hello there.',
      instruction_id_list: ['punctuation:no_comma', 'length_constraints:number_words'],
      kwargs: [null, { num_words: 2, relation: 'at least', keywords: null, language: null }],
    });
    assert.deepEqual(outcome.strict!.followed, [true, true]);
  });

  function errorOf(run: () => unknown) {
    try {
      run();
    } catch (error) {
      if (isCascadeError(error)) return error;
      throw error;
    }
    assert.fail('expected a CascadeError');
  }

  it('names an unknown instruction id', () => {
    const error = errorOf(() =>
      verifyInstructions({
        response: 'a',
        instruction_id_list: ['punctuation:no_comma', 'made:up'],
        kwargs: [{}, {}],
      }),
    );
    assert.equal(error.code, 'instruction-unknown');
    assert.equal(error.where, 'instruction_id_list[1]');
    assert.match(error.message, /made:up/);
  });

  it('names an unknown kwarg, a missing one and a bad relation', () => {
    const unknown = errorOf(() =>
      verifyInstructions({
        response: 'a',
        instruction_id_list: ['punctuation:no_comma'],
        kwargs: [{ extra: 1 }],
      }),
    );
    assert.equal(unknown.code, 'instruction-kwargs');
    assert.match(unknown.message, /extra/);
    const missing = errorOf(() =>
      verifyInstructions({
        response: 'a',
        instruction_id_list: ['length_constraints:number_words'],
        kwargs: [{ num_words: 5 }],
      }),
    );
    assert.match(missing.message, /relation/);
    const relation = errorOf(() =>
      verifyInstructions({
        response: 'a',
        instruction_id_list: ['length_constraints:number_words'],
        kwargs: [{ num_words: 5, relation: 'at most' }],
      }),
    );
    assert.equal(relation.where, 'kwargs[0]');
  });

  it('rejects a keyword that is not a regular expression', () => {
    const error = errorOf(() =>
      verifyInstructions({
        response: 'C++',
        instruction_id_list: ['keywords:existence'],
        kwargs: [{ keywords: ['C++'] }],
      }),
    );
    assert.match(error.message, /keywords/);
  });

  it('rejects kwargs lists of the wrong length', () => {
    const error = errorOf(() =>
      verifyInstructions({ response: 'a', instruction_id_list: ['punctuation:no_comma'], kwargs: [] }),
    );
    assert.equal(error.where, 'kwargs');
  });

  it('ifeval suite does not know IFBench ids', () => {
    const error = errorOf(() =>
      verifyInstructions(
        { response: 'a', instruction_id_list: ['format:no_whitespace'], kwargs: [{}] },
        { suite: 'ifeval' },
      ),
    );
    assert.equal(error.code, 'instruction-unknown');
  });
});
