import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { follows } from './follows.ts';
import {
  emoji,
  lineIndent,
  list,
  newline,
  noBulletsBullets,
  noWhitespace,
  options,
  outputTemplate,
  parentheses,
  quotes,
  quoteUnquote,
  subBullets,
  thesis,
  titleCase,
} from './format.ts';

describe('format:parentheses', () => {
  it('needs a matched group nested five levels deep', () => {
    assert.equal(follows(parentheses, 'a (b [c {d (e [f] e) d} c] b) a'), true);
    assert.equal(follows(parentheses, 'a (b [c {d (e) d} c] b) a'), false);
  });
  it('starts again after a mismatched closer', () => {
    assert.equal(follows(parentheses, '((((( ] )))))'), false);
  });
});

describe('format:quotes', () => {
  it('needs quotes three levels deep, alternating " and \'', () => {
    assert.equal(follows(quotes, `He said "she said 'they said "hi" ok' fine" end`), true);
    assert.equal(follows(quotes, `He said "she said 'hi' fine" end`), false);
  });
});

describe('format:options', () => {
  it('accepts a text option loosely: case and surrounding punctuation ignored', () => {
    assert.equal(follows(options, 'Yes.', { options: 'yes/no/maybe' }), true);
    assert.equal(follows(options, 'Yes, definitely.', { options: 'yes/no/maybe' }), false);
    assert.equal(follows(options, "I don't know", { options: "I know or I don't know" }), true);
  });
  it('needs a lettered option exactly as written', () => {
    assert.equal(follows(options, 'b)', { options: 'a), b), c), d)' }), true);
    assert.equal(follows(options, 'b) ', { options: 'a), b), c), d)' }), false);
    assert.equal(follows(options, 'B)', { options: 'a), b), c), d)' }), false);
  });
});

describe('format:newline', () => {
  it('needs one word per line', () => {
    assert.equal(follows(newline, 'One\nword\nper\nline.'), true);
    assert.equal(follows(newline, 'One word\nper line'), false);
  });
  it('ignores empty lines', () => {
    assert.equal(follows(newline, 'One\n\nword'), true);
  });
});

describe('format:emoji', () => {
  it('needs an emoji at the end of every sentence', () => {
    assert.equal(follows(emoji, 'I love pizza 🍕. The sun is out ☀️.'), true);
    assert.equal(follows(emoji, 'I love pizza 🍕. The sun is out.'), false);
  });
  it('accepts the emoji Punkt puts at the start of the next sentence', () => {
    assert.equal(follows(emoji, 'I love pizza. 🍕 Me too! 😀'), true);
  });
});

describe('format:line_indent', () => {
  it('needs each line indented further than the one before', () => {
    assert.equal(follows(lineIndent, 'a\n b\n  c\n   d'), true);
    assert.equal(follows(lineIndent, 'a\n b\n b'), false);
  });
  it('skips one blank line but, like upstream, not a second one right after it', () => {
    assert.equal(follows(lineIndent, 'a\n\n b'), true);
    assert.equal(follows(lineIndent, 'a\n\n\n b'), false);
  });
});

describe('format:quote_unquote', () => {
  it('needs text after each quote', () => {
    assert.equal(follows(quoteUnquote, '"To be" is about existence.'), true);
    assert.equal(follows(quoteUnquote, 'He said "to be".'), false);
  });
  it('fails two quotations with nothing between them', () => {
    assert.equal(follows(quoteUnquote, '"To be" "or not" explained here.'), false);
  });
});

describe('format:list', () => {
  it('needs the separator at least twice', () => {
    assert.equal(follows(list, '... apples\n... pears', { sep: '...' }), true);
    assert.equal(follows(list, '... apples', { sep: '...' }), false);
    assert.equal(follows(list, '.....', { sep: '...' }), false);
  });
});

describe('format:thesis', () => {
  it('needs a non-empty italic thesis followed by more text', () => {
    assert.equal(follows(thesis, '<i>Cats rule.</i> Here is why.'), true);
    assert.equal(follows(thesis, '<em>Cats rule.</em> Here is why.'), true);
    assert.equal(follows(thesis, '<i>Cats rule.</i>'), false);
    assert.equal(follows(thesis, '<i> </i> text'), false);
    assert.equal(follows(thesis, 'No italics here.'), false);
  });
});

describe('format:sub-bullets', () => {
  it('needs a "-" after every "*"', () => {
    assert.equal(follows(subBullets, '* Fruit\n  - apple\n* Veg\n  - leek'), true);
    assert.equal(follows(subBullets, '* Fruit\n  - apple\n* Veg'), false);
  });
  it('passes a response with no bullet at all (upstream)', () => {
    assert.equal(follows(subBullets, 'No bullets here.'), true);
  });
});

describe('format:no_bullets_bullets', () => {
  it('needs two sentences, then two or more * bullets', () => {
    assert.equal(follows(noBulletsBullets, 'First point. Second point.\n* one\n* two'), true);
    assert.equal(follows(noBulletsBullets, 'First point. Second point.\n* one'), false);
    assert.equal(follows(noBulletsBullets, 'Only one sentence.\n* one\n* two'), false);
  });
  it('fails prose after the bullets, and prose after a blank line', () => {
    assert.equal(follows(noBulletsBullets, 'First. Second.\n* one\n* two\nMore prose.'), false);
    assert.equal(follows(noBulletsBullets, 'First.\n\nSecond.\n* one\n* two'), false);
    assert.equal(follows(noBulletsBullets, 'First. Second.\n\n* one\n* two'), true);
  });
});

describe('format:title_case', () => {
  it('needs every word capitalised', () => {
    assert.equal(follows(titleCase, 'The Cat Sat On The Mat.'), true);
    assert.equal(follows(titleCase, 'The cat Sat.'), false);
  });
  it('accepts all-caps words and fails a lowercase single letter', () => {
    assert.equal(follows(titleCase, 'NASA Launches A Rocket'), true);
    assert.equal(follows(titleCase, 'Plan a Trip'), false);
  });
});

describe('format:output_template', () => {
  it('needs the three labels', () => {
    assert.equal(follows(outputTemplate, 'My Answer: yes My Conclusion: fine Future Outlook: good'), true);
    assert.equal(follows(outputTemplate, 'My Answer: yes My Conclusion: fine'), false);
  });
});

describe('format:no_whitespace', () => {
  it('fails any whitespace character', () => {
    assert.equal(follows(noWhitespace, 'NoSpacesHere!'), true);
    assert.equal(follows(noWhitespace, 'one space'), false);
    assert.equal(follows(noWhitespace, 'tab\there'), false);
    assert.equal(follows(noWhitespace, 'nbsp\u00a0here'), false);
  });
});
