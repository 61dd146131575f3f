import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countSentences, splitSentences } from './sentences.ts';

// Expected counts are NLTK 3.8 PunktSentenceTokenizer's, run with this module's abbreviation and
// sentence-starter lists as its parameters (the algorithm is exact; only those lists approximate
// the trained english.pickle).
const PUNKT_COUNTS: [string, number][] = [
  // the odd string from IFEval's held-out cases
  ['xx,x. xx,x! xx/x. x{x}x?', 4],
  ['Mr. Smith went to Washington. He saw the U.S. Capitol.', 2],
  ['Hello world', 1],
  // an ordinary word's period breaks even before a lowercase word
  ['Hello. world', 2],
  // a number's period does not break before a lowercase word
  ['In 1990. the cat sat.', 1],
  // newlines are not breaks; numbered list items are
  ['1. First point\n2. Second point', 3],
  ['He said "Stop." Then he left.', 2],
  ['"Why?" he asked.', 2],
  ['Wait... what now', 1],
  ['Wait... The end.', 2],
  // initials before a name do not break
  ['J. K. Rowling wrote it. The end.', 2],
  ['It is e.g. fine.', 1],
  // a mark before punctuation counts as an end
  ['Done.**Next', 2],
  ['end.)more. Next', 2],
  ['', 0],
  ['   ', 0],
  ['"', 1],
  // an unknown dotted acronym is an ordinary word
  ['The A.I. is here.', 2],
  ['Wow!! Really?! Yes.', 3],
  ['No newline break\nhere either', 1],
  ['3.14 is pi. Next one.', 2],
  ['He came at 5 p.m. The rest left.', 2],
  // a mark at the very start of a word stands alone (Punkt's quirk)
  ['Is it? !! ok', 4],
  ['See Jan. The start.', 2],
  // a closing quote after the last break joins the sentence before it
  ['Ends with quote." ', 1],
];

describe('countSentences (Punkt)', () => {
  for (const [text, expected] of PUNKT_COUNTS) {
    it(`${JSON.stringify(text)} → ${expected}`, () => {
      assert.equal(countSentences(text), expected);
    });
  }

  it('moves closing brackets back to the sentence they close', () => {
    assert.deepEqual(splitSentences('(Sent1.) Sent2.'), ['(Sent1.)', 'Sent2.']);
  });
});
