import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countCapitalWords, countWords } from './words.ts';

describe('countWords (RegexpTokenizer \\w+)', () => {
  // expected values from Python `len(re.findall(r"\w+", text))`
  const cases: [string, number][] = [
    ['Hello, world!', 2],
    ["don't stop", 3],
    ['snake_case and 42 numbers', 4],
    // Devanagari vowel signs are marks, not word characters, in Python
    ['हिन्दी भाषा', 5],
    ['café au lait', 3],
    ['a-b c.d', 4],
    ['', 0],
  ];
  for (const [text, expected] of cases) {
    it(`${JSON.stringify(text)} → ${expected}`, () => assert.equal(countWords(text), expected));
  }
});

describe('countCapitalWords (nltk.word_tokenize + str.isupper)', () => {
  // expected values from NLTK 3.8 word_tokenize over Punkt sentences
  const cases: [string, number][] = [
    // a clitic before a sentence-final period splits off: IT 'S A TEST .
    ["IT'S A TEST.", 4],
    ["DON'T STOP", 3],
    ['CANNOT WAIT', 3],
    ['AT&T and IBM', 3],
    ['A,B', 2],
    ['HELLO world', 1],
    ['WELL-KNOWN FACT', 2],
    ['**BOLD** text', 1],
    ['“SMART” quotes', 1],
    ["WE'LL GO.", 3],
    ['I am here', 1],
    ['Mixed Case Words', 0],
    ['ÉCOLE STRASSE straße', 2],
    ['123 456', 0],
    ["THEY'RE. HERE", 3],
  ];
  for (const [text, expected] of cases) {
    it(`${JSON.stringify(text)} → ${expected}`, () => assert.equal(countCapitalWords(text), expected));
  }
});
