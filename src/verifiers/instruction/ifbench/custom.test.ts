import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  characterReverse,
  dateFormatList,
  europeanCapitalsSort,
  mcqCountLength,
  multiples,
  reverseNewline,
  sentenceAlphabet,
  wordReverse,
} from './custom.ts';
import { follows } from './follows.ts';

describe('custom:multiples', () => {
  it('needs exactly the multiples of 7 between 10 and 50, in order', () => {
    assert.equal(follows(multiples, '14, 21, 28, 35, 42, 49'), true);
    assert.equal(follows(multiples, '14,21,28,35,42,49'), true);
    assert.equal(follows(multiples, '7, 14, 21, 28, 35, 42, 49'), false);
    assert.equal(follows(multiples, '14, 21, 28, 35, 42'), false);
    assert.equal(follows(multiples, '21, 14, 28, 35, 42, 49'), false);
  });
});

function question(label: number, text: string): string {
  return `Question ${label}: ${text}\nA. one\nB. two\nC. three\nD. four\nE. five`;
}

describe('custom:mcq_count_length', () => {
  const four = [
    question(1, 'Who?'),
    question(2, 'Who is it?'),
    question(3, 'Who painted it?'),
    question(4, 'Who painted this one?'),
  ];
  it('needs four questions of five options, each longer than the last', () => {
    assert.equal(follows(mcqCountLength, four.join('\n\n')), true);
  });
  it('fails a shorter question after a longer one, or a missing option', () => {
    assert.equal(follows(mcqCountLength, [four[1], four[0], four[2], four[3]].join('\n\n')), false);
    assert.equal(
      follows(mcqCountLength, [...four.slice(0, 3), four[3].replace('\nE. five', '')].join('\n\n')),
      false,
    );
  });
  it('fails anything before the first question (an explanation) and three questions', () => {
    assert.equal(follows(mcqCountLength, `Here you go:\n${four.join('\n\n')}`), false);
    assert.equal(follows(mcqCountLength, four.slice(0, 3).join('\n\n')), false);
  });
});

const AFRICAN_COUNTRIES_REVERSED = Array.from(
  { length: 52 },
  (_, index) => `Country ${String(99 - index).padStart(2, '0')}`,
);

describe('custom:reverse_newline', () => {
  it('needs 52 or more lines from Zimbabwe on, in reverse order', () => {
    const lines = ['Zimbabwe', 'Zambia', 'Uganda', ...AFRICAN_COUNTRIES_REVERSED.slice(0, 49)];
    assert.equal(follows(reverseNewline, `Here:\n${lines.join('\n')}`), true);
    assert.equal(follows(reverseNewline, lines.slice(0, 51).join('\n')), false);
  });
  it('fails lines out of order, and a list without Zimbabwe', () => {
    const lines = ['Zimbabwe', 'Uganda', 'Zambia', ...AFRICAN_COUNTRIES_REVERSED.slice(0, 49)];
    assert.equal(follows(reverseNewline, lines.join('\n')), false);
    assert.equal(follows(reverseNewline, AFRICAN_COUNTRIES_REVERSED.join('\n')), false);
  });
  it('compares names without accents', () => {
    const lines = ['Zimbabwe', 'Zambia', 'São Tomé', 'Rwanda', ...AFRICAN_COUNTRIES_REVERSED.slice(0, 48)];
    assert.equal(follows(reverseNewline, lines.join('\n')), true);
  });
});

describe('custom:word_reverse', () => {
  it('needs "bald eagle" when the words are read backwards', () => {
    assert.equal(follows(wordReverse, 'eagle bald the is It.'), true);
    assert.equal(follows(wordReverse, 'It is the bald eagle.'), false);
  });
});

describe('custom:character_reverse', () => {
  it('needs "bald eagle" spelled backwards', () => {
    assert.equal(follows(characterReverse, 'Elgae dlab eht si ti.'), true);
    assert.equal(follows(characterReverse, 'It is the bald eagle.'), false);
  });
});

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

describe('custom:sentence_alphabet', () => {
  const story = (letters: string) =>
    Array.from(letters, (letter) => `${letter.toUpperCase()}ware mouse ran.`).join(' ');
  it('needs 26 sentences starting a, b, c… in order', () => {
    assert.equal(follows(sentenceAlphabet, story(LETTERS)), true);
    assert.equal(follows(sentenceAlphabet, story('bacdefghijklmnopqrstuvwxyz')), false);
    assert.equal(follows(sentenceAlphabet, story(LETTERS.slice(0, 25))), false);
  });
});

const CAPITALS =
  'Reykjavik, Helsinki, Oslo, Tallinn, Stockholm, Riga, Moscow, Copenhagen, Vilnius, Minsk, Dublin, Berlin, ' +
  'Amsterdam, Warsaw, London, Brussels, Prague, Luxembourg, Paris, Vienna, Bratislava, Budapest, Vaduz, ' +
  'Chisinau, Bern, Ljubljana, Zagreb';

describe('custom:european_capitals_sort', () => {
  it('needs the 27 capitals in latitude order', () => {
    assert.equal(follows(europeanCapitalsSort, CAPITALS), true);
    assert.equal(follows(europeanCapitalsSort, CAPITALS.replace('Oslo, Tallinn', 'Tallinn, Oslo')), false);
    assert.equal(follows(europeanCapitalsSort, CAPITALS.replace(', Zagreb', '')), false);
  });
  it('folds accents and ignores empty items', () => {
    assert.equal(follows(europeanCapitalsSort, `${CAPITALS.replace('Reykjavik', 'Reykjavík')},`), true);
  });
});

describe('custom:date_format_list', () => {
  it('needs comma-separated YYYY-MM-DD dates from 1769 to 1821', () => {
    assert.equal(follows(dateFormatList, '1796-04-12, 1805-12-02, 1815-06-18'), true);
    assert.equal(follows(dateFormatList, '1768-12-31'), false);
    assert.equal(follows(dateFormatList, '1769-01-01, 1821-12-31'), true);
    assert.equal(follows(dateFormatList, '1822-01-01'), false);
    assert.equal(follows(dateFormatList, '12/02/1805'), false);
  });
  it('rejects impossible days per month, allowing 29 February', () => {
    assert.equal(follows(dateFormatList, '1805-04-31'), false);
    assert.equal(follows(dateFormatList, '1805-02-29'), true);
    assert.equal(follows(dateFormatList, '1805-02-30'), false);
    assert.equal(follows(dateFormatList, '1805-13-01'), false);
  });
});
