import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { verifyInstructions } from '../verify.ts';

/** Strict IFEval outcome of one instruction (upstream's driver: non-blank and check_following). */
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

table('keywords:existence', [
  [
    'all present, any case',
    { keywords: ['correlated', 'Experiencing'] },
    'We are EXPERIENCING correlated events.',
    true,
  ],
  ['one missing', { keywords: ['correlated', 'experiencing'] }, 'We are experiencing events.', false],
  // no word boundaries upstream: a keyword inside a longer word counts
  ['substring counts', { keywords: ['mom'] }, 'My moment arrived.', true],
]);

table('keywords:frequency', [
  [
    'at least, exactly at threshold',
    { keyword: 'war', frequency: 2, relation: 'at least' },
    'War and war.',
    true,
  ],
  ['at least, one short', { keyword: 'war', frequency: 3, relation: 'at least' }, 'War and war.', false],
  ['less than is strict', { keyword: 'war', frequency: 2, relation: 'less than' }, 'War and war.', false],
  ['less than, under', { keyword: 'war', frequency: 3, relation: 'less than' }, 'War and war.', true],
  // matched as a regex without boundaries, after strip()
  [
    'inside words, kwarg stripped',
    { keyword: ' war ', frequency: 3, relation: 'at least' },
    'warm wars war',
    true,
  ],
]);

table('keywords:forbidden_words', [
  ['absent', { forbidden_words: ['rock'] }, 'A song about stones.', true],
  ['present in any case', { forbidden_words: ['rock'] }, 'We ROCK.', false],
  // whole words only: \b on both sides
  ['only inside a longer word', { forbidden_words: ['rock'] }, 'A rocky road, rockets.', true],
  ['second word present', { forbidden_words: ['field', 'issue'] }, 'No issue here.', false],
]);

table('keywords:letter_frequency', [
  [
    'at least, counted case-insensitively',
    { letter: 'e', let_frequency: 3, let_relation: 'at least' },
    'EeE',
    true,
  ],
  ['less than is strict', { letter: 't', let_frequency: 2, let_relation: 'less than' }, 'Tt', false],
  ['less than, under', { letter: 't', let_frequency: 2, let_relation: 'less than' }, 'A cat.', true],
  ['punctuation letter', { letter: '#', let_frequency: 4, let_relation: 'at least' }, '#a #b #c #d', true],
  [
    'punctuation letter, short',
    { letter: '!', let_frequency: 6, let_relation: 'at least' },
    'Wow!!!!!',
    false,
  ],
]);
