import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pyIsLower, pyIsUpper, pySplitWhitespace, pyStrip } from './python-string.ts';

describe('Python str semantics', () => {
  it('strips what str.strip() strips, not what String.trim() does', () => {
    assert.equal(pyStrip('\x1c hi \x85'), 'hi');
    // U+FEFF is not Python whitespace
    assert.equal(pyStrip('\ufeffhi'), '\ufeffhi');
    assert.equal(pyStrip('"quoted"', '"'), 'quoted');
  });

  it('splits on whitespace runs like str.split()', () => {
    assert.deepEqual(pySplitWhitespace('  a \n\n b\tc  '), ['a', 'b', 'c']);
    assert.deepEqual(pySplitWhitespace('   '), []);
  });

  it('isupper/islower need a cased character and none of the other case', () => {
    assert.equal(pyIsUpper('HELLO, 123!'), true);
    assert.equal(pyIsUpper('123'), false);
    assert.equal(pyIsUpper('HELLo'), false);
    assert.equal(pyIsLower('straße'), true);
    assert.equal(pyIsLower('日本'), false);
    // titlecase letters are neither
    assert.equal(pyIsUpper('ǅ'), false);
  });
});
