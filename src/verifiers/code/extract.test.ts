import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractCode, fencedBlocks } from './extract.ts';

const fence = '```';

test('takes the last python block after </think>, ignoring code inside the reasoning', () => {
  const response = `<think>try\n${fence}python\nprint('draft')\n${fence}\n</think>First:\n${fence}python\nprint(1)\n${fence}\nBetter:\n${fence}python\nprint(2)\n${fence}\n`;
  assert.deepEqual(extractCode(response, 'python'), { code: 'print(2)', tag: 'python' });
});

test('an unfinished think has no code, even when the reasoning holds a block', () => {
  const extraction = extractCode(`<think>\n${fence}python\nprint(1)\n${fence}\n`, 'python');
  assert.equal(extraction.code, null);
  assert.match('reason' in extraction ? extraction.reason : '', /never finished/);
});

test('a block in another language is not taken; an untagged block is, when no tagged one exists', () => {
  assert.equal(extractCode(`${fence}cpp\nint main(){}\n${fence}`, 'python').code, null);
  assert.equal(extractCode(`${fence}\nprint(3)\n${fence}`, 'python').code, 'print(3)');
  assert.equal(extractCode(`${fence}py\nA\n${fence}\n${fence}\nB\n${fence}`, 'python').code, 'A');
});

test('language tags: js/javascript, cpp/c++, python3; the tag is case-insensitive', () => {
  assert.equal(extractCode(`${fence}JavaScript\nx\n${fence}`, 'javascript').code, 'x');
  assert.equal(extractCode(`${fence}c++\ny\n${fence}`, 'cpp').code, 'y');
  assert.equal(extractCode(`${fence}python3\nz\n${fence}`, 'python').code, 'z');
});

test('an unclosed fence (truncated response) is not code; no fence at all says so', () => {
  assert.equal(extractCode(`${fence}python\nprint(1)\n`, 'python').code, null);
  const none = extractCode('just prose', 'python');
  assert.match('reason' in none ? none.reason : '', /no fenced code block/);
});

test('a longer fence holds a shorter one inside it', () => {
  const blocks = fencedBlocks(`\`\`\`\`markdown\n${fence}python\nx\n${fence}\n\`\`\`\`\n`);
  assert.equal(blocks.length, 1);
  assert.equal(blocks[0].tag, 'markdown');
});
