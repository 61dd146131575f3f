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

table('length_constraints:number_sentences', [
  ['less than 3, two sentences', { num_sentences: 3, relation: 'less than' }, 'One here. Two here.', true],
  ['less than 2 is strict', { num_sentences: 2, relation: 'less than' }, 'One here. Two here.', false],
  ['at least 2, exactly two', { num_sentences: 2, relation: 'at least' }, 'One here. Two here.', true],
  [
    'abbreviation does not end a sentence',
    { num_sentences: 2, relation: 'at least' },
    'Mr. Smith left early.',
    false,
  ],
]);

table('length_constraints:number_paragraphs', [
  ['three pieces', { num_paragraphs: 3 }, 'One.\n***\nTwo.\n***\nThree.', true],
  ['wrong count', { num_paragraphs: 2 }, 'One.\n***\nTwo.\n***\nThree.', false],
  // a blank first or last piece is ignored
  ['leading and trailing dividers', { num_paragraphs: 2 }, '***\nOne.\n***\nTwo.\n***', true],
  // a blank piece between dividers fails outright
  ['empty middle paragraph', { num_paragraphs: 2 }, 'One.\n***\n\n***\nTwo.', false],
  ['no divider is one paragraph', { num_paragraphs: 1 }, 'One.\n\nStill one.', true],
]);

table('length_constraints:number_words', [
  ['less than is strict', { num_words: 3, relation: 'less than' }, 'one two three', false],
  ['less than, under', { num_words: 4, relation: 'less than' }, 'one two three', true],
  ['at least, exact', { num_words: 3, relation: 'at least' }, 'one, two; three!', true],
  // \w+ splits at apostrophes and hyphens
  ['apostrophes split words', { num_words: 4, relation: 'at least' }, "don't well-known", true],
]);

table('length_constraints:nth_paragraph_first_word', [
  [
    'second paragraph starts with the word',
    { num_paragraphs: 2, nth_paragraph: 2, first_word: 'Summary' },
    'Intro text.\n\n"Summary," she said.',
    true,
  ],
  [
    'wrong first word',
    { num_paragraphs: 2, nth_paragraph: 2, first_word: 'summary' },
    'Intro.\n\nConclusion here.',
    false,
  ],
  [
    'wrong paragraph count',
    { num_paragraphs: 3, nth_paragraph: 1, first_word: 'intro' },
    'Intro.\n\nMore.',
    false,
  ],
  // blank pieces are not counted but still indexed: the 2nd raw piece is blank
  [
    'blank piece at the index',
    { num_paragraphs: 2, nth_paragraph: 2, first_word: 'two' },
    'One.\n\n\n\nTwo.',
    false,
  ],
  // the word is cut at the first punctuation mark
  ['cut at punctuation', { num_paragraphs: 1, nth_paragraph: 1, first_word: 'hello' }, "Hello's world", true],
]);

describe('nth_paragraph_first_word kwargs', () => {
  it('rejects nth_paragraph beyond num_paragraphs (upstream would draw a random one)', () => {
    assert.throws(
      () =>
        verifyInstructions({
          response: 'x',
          instruction_id_list: ['length_constraints:nth_paragraph_first_word'],
          kwargs: [{ num_paragraphs: 2, nth_paragraph: 3, first_word: 'a' }],
        }),
      /nth_paragraph/,
    );
  });
});
