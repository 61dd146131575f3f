import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvCity, csvQuotes, csvSpecialCharacter } from './custom-csv.ts';
import { follows } from './follows.ts';

const rows = (count: number, make: (index: number) => string) =>
  Array.from({ length: count }, (_, index) => make(index));

describe('custom:csv_city', () => {
  const header = 'ID,Country,City,Year,Count';
  const data = rows(7, (index) => `${index + 1},France,Paris,2020,${index}`);
  it('needs the header and 7 rows of 5 fields', () => {
    assert.equal(follows(csvCity, [header, ...data].join('\n')), true);
    assert.equal(follows(csvCity, [header, ...data].join('\n') + '\n'), true);
    assert.equal(follows(csvCity, [header, ...data.slice(1)].join('\n')), false);
  });
  it('fails a different header, a short row and a blank line (an empty row)', () => {
    assert.equal(follows(csvCity, ['ID,Country,Town,Year,Count', ...data].join('\n')), false);
    assert.equal(follows(csvCity, [header, ...data.slice(1), '8,France,Paris,2020'].join('\n')), false);
    assert.equal(follows(csvCity, [header, '', ...data].join('\n')), false);
  });
  it('reads a quoted field with a comma as one field', () => {
    const quoted = [header, ...data.slice(1), '8,France,"Paris, Île-de-France",2020,1'];
    assert.equal(follows(csvCity, quoted.join('\n')), true);
  });
});

describe('custom:csv_special_character', () => {
  const header = 'ProductID,Category,Brand,Price,Stock';
  const plain = rows(14, (index) => `${index},Tools,Acme,9.99,${index}`);
  it('needs 14 rows and a double-quoted field with a special character', () => {
    const data = [...plain.slice(1), '14,Tools,"Acme & Sons",9.99,3'];
    assert.equal(follows(csvSpecialCharacter, [header, ...data].join('\n')), true);
    assert.equal(follows(csvSpecialCharacter, [header, ...plain].join('\n')), false);
  });
  it('fails a quoted field without a special character, and 13 rows', () => {
    const data = [...plain.slice(1), '14,Tools,"Acme",9.99,3'];
    assert.equal(follows(csvSpecialCharacter, [header, ...data].join('\n')), false);
    assert.equal(
      follows(csvSpecialCharacter, [header, ...plain.slice(2), '14,Tools,"A&B",1,1'].join('\n')),
      false,
    );
  });
  it('accepts a header with quoted names and spaces after commas', () => {
    const data = [...plain.slice(1), '14,Tools,"Acme & Sons",9.99,3'];
    const quotedHeader = '"ProductID", "Category", Brand, Price, Stock';
    assert.equal(follows(csvSpecialCharacter, [quotedHeader, ...data].join('\n')), true);
  });
});

describe('custom:csv_quotes', () => {
  const header = '"StudentID"\t"Subject"\t"Grade"\t"Semester"\t"Score"';
  const data = rows(3, (index) => `"${index}"\t"Math"\t"A"\t"Fall"\t"9${index}"`);
  it('needs a tab-separated header and 3 rows, every field in double quotes', () => {
    assert.equal(follows(csvQuotes, [header, ...data].join('\n')), true);
    assert.equal(follows(csvQuotes, [header, ...data.slice(1)].join('\n')), false);
  });
  it('fails an unquoted field and comma separators', () => {
    assert.equal(
      follows(csvQuotes, [header, ...data.slice(1), '"9"\tMath\t"A"\t"Fall"\t"90"'].join('\n')),
      false,
    );
    assert.equal(follows(csvQuotes, [header.replaceAll('\t', ','), ...data].join('\n')), false);
  });
});
