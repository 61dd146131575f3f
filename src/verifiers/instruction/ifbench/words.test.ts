import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { follows } from './follows.ts';
import {
  alphabet,
  consonants,
  keywordsSpecificPosition,
  lastFirst,
  noConsecutive,
  oddEvenSyllables,
  palindrome,
  paragraphLastFirst,
  primeLengths,
  repeats,
  startVerb,
  vowel,
  wordsPosition,
} from './words.ts';

describe('words:alphabet', () => {
  it('needs each word to start with the next letter, wrapping after z', () => {
    assert.equal(follows(alphabet, 'All big cats dance.'), true);
    assert.equal(follows(alphabet, 'Yellow zebras always bark'), true);
    assert.equal(follows(alphabet, 'All big dogs'), false);
  });
  it('fails a response that starts with a digit', () => {
    assert.equal(follows(alphabet, '1 b c'), false);
  });
});

describe('words:vowel', () => {
  it('allows at most three different vowels in one paragraph', () => {
    assert.equal(follows(vowel, 'A cat sat on a mat in a hat.'), true);
    assert.equal(follows(vowel, 'A cat sat on a mat in a hut.'), false);
  });
  it('fails more than one line', () => {
    assert.equal(follows(vowel, 'A cat.\nA hat.'), false);
  });
});

describe('words:consonants', () => {
  it('needs two consonants in a row in every word', () => {
    assert.equal(follows(consonants, 'strong black crafts'), true);
    assert.equal(follows(consonants, 'strong cat'), false);
  });
  it('counts y as a consonant', () => {
    assert.equal(follows(consonants, 'shy'), true);
  });
});

describe('words:palindrome', () => {
  const ten = 'level radar civic refer rotor kayak madam stats tenet racecar';
  it('needs ten palindromes of five or more letters', () => {
    assert.equal(follows(palindrome, `${ten}.`), true);
    assert.equal(follows(palindrome, ten.replace('racecar', 'car')), false);
  });
  it('does not count four-letter palindromes and does count repeats', () => {
    assert.equal(follows(palindrome, ten.replace('racecar', 'noon')), false);
    assert.equal(follows(palindrome, 'Level level level level level level level level level level'), true);
  });
});

describe('words:prime_lengths', () => {
  it('needs every word length to be prime, punctuation removed', () => {
    assert.equal(follows(primeLengths, 'We are happy, truly.'), true);
    assert.equal(follows(primeLengths, 'I am here'), false);
    assert.equal(follows(primeLengths, 'This fails'), false);
  });
});

describe('words:start_verb', () => {
  it('passes a response starting with a verb (imperative or inflected)', () => {
    assert.equal(follows(startVerb, 'Write a short poem.'), true);
    assert.equal(follows(startVerb, 'Running is fun.'), true);
    assert.equal(follows(startVerb, 'Is it raining?'), true);
  });
  it('fails one starting with a noun, pronoun or modal', () => {
    assert.equal(follows(startVerb, 'The cat sleeps.'), false);
    assert.equal(follows(startVerb, 'I think so.'), false);
    assert.equal(follows(startVerb, 'Can you help?'), false);
  });
});

describe('words:repeats', () => {
  it('allows a word up to small_n times, ignoring case and punctuation', () => {
    assert.equal(follows(repeats, 'Go, go. GO home', { small_n: 3 }), true);
    assert.equal(follows(repeats, 'Go, go. GO home', { small_n: 2 }), false);
  });
});

describe('words:odd_even_syllables', () => {
  it('needs syllable parity to alternate word by word', () => {
    // cat 1, happy 2, dog 1, water 2
    assert.equal(follows(oddEvenSyllables, 'cat happy dog water'), true);
    assert.equal(follows(oddEvenSyllables, 'cat dog happy'), false);
  });
  it('counts a silent final e and a consonant + le ending as syllapy does', () => {
    // make 1, table 2, bike 1
    assert.equal(follows(oddEvenSyllables, 'make table bike'), true);
  });
});

describe('words:last_first', () => {
  it('needs each sentence to start with the word that ended the one before', () => {
    assert.equal(follows(lastFirst, 'I love the sea. Sea air is fresh. Fresh bread smells good.'), true);
    assert.equal(follows(lastFirst, 'I love the sea. Air is fresh.'), false);
  });
  it('passes a single sentence', () => {
    assert.equal(follows(lastFirst, 'Only one sentence.'), true);
  });
});

describe('words:paragraph_last_first', () => {
  it('needs each line to end with the word it starts with', () => {
    assert.equal(
      follows(paragraphLastFirst, 'Home is where I go home.\n\nRain falls, and I like rain!'),
      true,
    );
    assert.equal(follows(paragraphLastFirst, 'Home is where I go home.\nRain falls.'), false);
  });
});

describe('words:no_consecutive', () => {
  it('fails two neighbouring words with the same first letter', () => {
    assert.equal(follows(noConsecutive, 'The cat ran home.'), true);
    assert.equal(follows(noConsecutive, 'The cat came home.'), false);
    assert.equal(follows(noConsecutive, 'Big, bold words'), false);
  });
});

describe('words:keywords_specific_position', () => {
  it('needs the keyword as the m-th word of the n-th sentence', () => {
    const text = 'I like tea. Then, we drink green tea daily.';
    assert.equal(follows(keywordsSpecificPosition, text, { keyword: 'green', n: 2, m: 4 }), true);
    assert.equal(follows(keywordsSpecificPosition, text, { keyword: 'green', n: 2, m: 3 }), false);
  });
  it('fails when the sentence or the word does not exist', () => {
    assert.equal(follows(keywordsSpecificPosition, 'I like tea.', { keyword: 'tea', n: 2, m: 1 }), false);
    assert.equal(follows(keywordsSpecificPosition, 'I like tea.', { keyword: 'tea', n: 1, m: 4 }), false);
    assert.equal(follows(keywordsSpecificPosition, 'I like TEA.', { keyword: 'tea', n: 1, m: 3 }), true);
  });
});

describe('words:words_position', () => {
  it('needs the keyword second and second to last, skipping a final punctuation token', () => {
    assert.equal(follows(wordsPosition, 'The cat saw the cat sleep.', { keyword: 'cat' }), true);
    assert.equal(follows(wordsPosition, 'The cat saw a cat sleep', { keyword: 'cat' }), true);
    assert.equal(follows(wordsPosition, 'The cat saw a dog sleep.', { keyword: 'cat' }), false);
  });
  it('fails a one-word response', () => {
    assert.equal(follows(wordsPosition, 'cat', { keyword: 'cat' }), false);
  });
});
