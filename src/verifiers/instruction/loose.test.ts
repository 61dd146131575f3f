import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { looseVariants } from './loose.ts';

describe('looseVariants', () => {
  it("produces upstream's eight variants in upstream's order", () => {
    const texts = looseVariants('Sure!\n**Body** text\nBye').map((variant) => variant.text);
    assert.deepEqual(texts, [
      'Sure!\n**Body** text\nBye',
      'Sure!\nBody text\nBye',
      '**Body** text\nBye',
      'Sure!\n**Body** text',
      '**Body** text',
      'Body text\nBye',
      'Sure!\nBody text',
      'Body text',
    ]);
  });

  it('leaves a one-line response blank once a line is removed', () => {
    const texts = looseVariants('Only line').map((variant) => variant.text);
    assert.deepEqual(texts.slice(2), ['', '', '', '', '', '']);
  });
});
