import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractChoiceLetter } from './extract.ts';

describe('extractChoiceLetter', () => {
  const cases: [note: string, text: string, letter: string | undefined, pattern?: string][] = [
    ['GPQA prompt format: last line "Answer: X"', 'Reasoning...\nAnswer: B', 'B', 'answer-colon'],
    ['boxed letter (NeMo-Skills relaxed)', 'so \\boxed{C}', 'C', 'boxed'],
    ['boxed beats an earlier "answer is"', 'The answer is (A). Wait, no: \\boxed{D}', 'D', 'boxed'],
    ['boxed with \\text and parentheses', '\\boxed{\\text{(E)}}', 'E', 'boxed'],
    ['boxed option text: its last standalone letter', '\\boxed{B. 42 apples}', 'B', 'boxed'],
    ['boxed with no letter falls through to later patterns', '\\boxed{42}\nAnswer: F', 'F', 'answer-colon'],
    ['MMLU-Pro "the answer is (X)"', 'Thus, the answer is (H).', 'H', 'answer-is'],
    ['"answer is X" without parentheses', 'I think the answer is J', 'J', 'answer-is'],
    [
      'several "answer is": the first wins, as re.search',
      'the answer is A ... the answer is B',
      'A',
      'answer-is',
    ],
    ['"answer is" before "Answer:" (MMLU-Pro order)', 'the answer is (C)\nAnswer: D', 'C', 'answer-is'],
    ['several "Answer:": the last wins', 'Answer: A\nchecking again\nAnswer: C', 'C', 'answer-colon'],
    ['bold markdown around Answer', '**Answer:** D', 'D', 'answer-colon'],
    ['bold markdown around the letter', 'Answer: **G**', 'G', 'answer-colon'],
    ['Answer in capitals', 'FINAL ANSWER: B', 'B', 'answer-colon'],
    ['dollar-wrapped letter', 'Answer: $C$', 'C', 'answer-colon'],
    ['(B) after Answer:', 'Answer: (B)', 'B', 'answer-colon'],
    ['trailing punctuation', 'Answer: B.', 'B', 'answer-colon'],
    ['"B, which is …"', 'Answer: B, which is the largest', 'B', 'answer-colon'],
    ['letter in a word is not an answer', 'Answer: Apple', undefined],
    ['"the answer is Apple" is not a letter', 'the answer is Apple', undefined],
    ['lowercase letter after Answer: is not accepted', 'Answer: c', undefined],
    ['quoted letter standing alone', 'I pick "C"', 'C', 'last-letter'],
    ['last standalone letter (MMLU-Pro level 3)', 'Option A is wrong, B too, so E', 'E', 'last-letter'],
    ['full-width letter', 'Answer: Ｃ', 'C', 'answer-colon'],
    ['full-width parentheses', 'the answer is （Ｄ）', 'D', 'answer-is'],
    ['beyond D: MMLU-Pro letters up to J', 'Answer: J', 'J', 'answer-colon'],
    ['K is not an option letter', 'Answer: K', undefined],
    ['letters next to accented letters are inside a word', 'éA', undefined],
    ['no letter at all', 'we do not know.', undefined],
  ];
  for (const [note, text, letter, pattern] of cases) {
    it(note, () => {
      const match = extractChoiceLetter(text);
      assert.equal(match?.letter, letter);
      if (pattern) assert.equal(match?.pattern, pattern);
    });
  }

  it('limits letters to the options the question has', () => {
    assert.equal(extractChoiceLetter('Answer: E', 'ABCD'), undefined);
    assert.equal(extractChoiceLetter('Answer: E\nso it is B', 'ABCD')?.letter, 'B');
  });

  it('MMLU-Pro level 3 catches the pronoun I among A–J (upstream quirk, kept)', () => {
    assert.equal(extractChoiceLetter('I am not sure')?.letter, 'I');
    assert.equal(extractChoiceLetter('I am not sure', 'ABCD'), undefined);
  });
});
