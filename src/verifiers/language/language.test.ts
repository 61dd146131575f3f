import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findForeignSpans } from './detect.ts';
import { maskCodeAndMath } from './mask.ts';
import { foreignScriptOf } from './scripts.ts';
import { languageTaskSchema } from './task.ts';
import { languageVerifier } from './verifier.ts';

describe('foreignScriptOf', () => {
  const cases: [string, string | undefined][] = [
    ['a', undefined],
    ['é', undefined],
    ['7', undefined],
    ['，', undefined], // full-width comma is Common: punctuation alone is no language
    ['中', 'Han'],
    ['の', 'Hiragana'],
    ['カ', 'Katakana'],
    ['한', 'Hangul'],
    ['д', 'Cyrillic'],
    ['ب', 'Arabic'],
    ['ש', 'Hebrew'],
    ['न', 'Devanagari'],
    ['ก', 'Thai'],
    ['λ', 'Greek'],
  ];
  for (const [character, script] of cases) {
    it(`${character} → ${script ?? 'neutral'}`, () => assert.equal(foreignScriptOf(character), script));
  }
});

describe('maskCodeAndMath', () => {
  it('blanks fenced and inline code and TeX math, keeping offsets and newlines', () => {
    const text = 'a `中` b\n```py\nx = "中"\n```\n$中$ \\(д\\) $$\nд\n$$ \\[ш\\] end';
    const masked = maskCodeAndMath(text);
    assert.equal(masked.length, text.length);
    assert.equal(masked.split('\n').length, text.split('\n').length);
    assert.doesNotMatch(masked, /[中дш]/);
    assert.match(masked, /^a {5}b/);
    assert.match(masked, / end$/);
  });
  it('an unterminated fence masks to the end of the text', () => {
    assert.doesNotMatch(maskCodeAndMath('text\n```\ncode 中文'), /中/);
  });
});

describe('findForeignSpans', () => {
  it('finds a Chinese phrase in English prose, joined across spaces and punctuation', () => {
    const text = 'The result is 正确, 所以 we continue.';
    const spans = findForeignSpans(text);
    assert.equal(spans.length, 1);
    assert.deepEqual(spans[0].scripts, ['Han']);
    assert.equal(spans[0].text, '正确, 所以');
    assert.equal(text.slice(spans[0].start, spans[0].end), spans[0].text);
  });
  it('separates spans at Latin words and newlines, and names every script', () => {
    const spans = findForeignSpans('да and 안녕\nالسلام');
    assert.deepEqual(
      spans.map((span) => [span.text, span.scripts]),
      [
        ['да', ['Cyrillic']],
        ['안녕', ['Hangul']],
        ['السلام', ['Arabic']],
      ],
    );
  });
  it('Greek letters used as symbols are not a switch; a Greek word is', () => {
    assert.deepEqual(findForeignSpans('Let α be the angle and Δx the step, in μm.'), []);
    assert.equal(findForeignSpans('This is καλημέρα to you.')[0].text, 'καλημέρα');
  });
  it('ignores foreign text inside code and math', () => {
    assert.deepEqual(
      findForeignSpans('Run `echo 你好` then:\n```\nprint("привет")\n```\nand $\\text{面积}=1$.'),
      [],
    );
  });
  it('astral characters keep correct offsets', () => {
    const text = '😀 ok 𠀀字';
    const [span] = findForeignSpans(text);
    assert.equal(text.slice(span.start, span.end), '𠀀字');
  });
});

describe('languageVerifier', () => {
  const english = languageTaskSchema.parse({ prompt: 'What is 2 + 2?' });

  it('a clean English response: reward 0, correct, no spans', async () => {
    const verdict = await languageVerifier(
      english,
      '<think>Simple: 2 + 2 = 4, café.</think>The answer is 4.',
    );
    assert.deepEqual(
      [verdict.status, verdict.reward, verdict.correct, verdict.details.spans],
      ['scored', 0, true, []],
    );
  });
  it('a switch in the thinking counts too (paper: "in thinking or summary")', async () => {
    const verdict = await languageVerifier(english, '<think>我们来算一下</think>The answer is 4.');
    assert.deepEqual([verdict.reward, verdict.correct], [-1, false]);
    assert.equal((verdict.details.spans as { text: string }[])[0].text, '我们来算一下');
  });
  it('a non-English prompt allows its own scripts but not others', async () => {
    const chinese = languageTaskSchema.parse({ prompt: [{ role: 'user', content: '二加二等于几？' }] });
    assert.equal((await languageVerifier(chinese, '答案是 4 (four).')).correct, true);
    assert.equal((await languageVerifier(chinese, '答案是 4，это четыре.')).correct, false);
  });
  it('a prompt whose only foreign text is in code is still English', async () => {
    const task = languageTaskSchema.parse({ prompt: 'Fix this: `print("你好")`' });
    assert.equal((await languageVerifier(task, '用这个')).correct, false);
  });
});
