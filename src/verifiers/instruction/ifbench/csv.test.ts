import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readCsv } from './csv.ts';

describe('readCsv (Python csv.reader, excel dialect)', () => {
  it('splits rows on newlines and fields on the delimiter, with no row for a final newline', () => {
    assert.deepEqual(readCsv('a,b\nc,d\n'), [
      ['a', 'b'],
      ['c', 'd'],
    ]);
    assert.deepEqual(readCsv('a\tb', '\t'), [['a', 'b']]);
  });
  it('reads a blank line as an empty row and a trailing comma as an empty field', () => {
    assert.deepEqual(readCsv('a\n\nb,'), [['a'], [], ['b', '']]);
  });
  it('reads quoted fields: delimiters, newlines and doubled quotes inside', () => {
    assert.deepEqual(readCsv('"a,b","c\nd","say ""hi"""'), [['a,b', 'c\nd', 'say "hi"']]);
  });
  it('keeps a quote inside an unquoted field, and text after a closing quote', () => {
    assert.deepEqual(readCsv('ab"c,"d"e'), [['ab"c', 'de']]);
  });
  it('ends an unterminated quoted field at the end of the text', () => {
    assert.deepEqual(readCsv('a,"bc'), [['a', 'bc']]);
  });
  it('accepts CRLF and reports a lone CR inside a line as Python raises', () => {
    assert.deepEqual(readCsv('a,b\r\nc\r\n'), [['a', 'b'], ['c']]);
    assert.equal(readCsv('a\rb\n'), undefined);
  });
});
