import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { verifyInstructions } from '../verify.ts';

function follows(id: string, kwargs: Record<string, unknown>, response: string): boolean {
  return verifyInstructions(
    { response, instruction_id_list: [id], kwargs: [kwargs] },
    { suite: 'ifeval', modes: ['strict'] },
  ).strict!.followed[0];
}

type Case = [note: string, kwargs: Record<string, unknown>, response: string, expected: boolean];

function table(id: string, cases: Case[]): void {
  describe(id, () => {
    for (const [note, kwargs, response, expected] of cases) {
      it(`${note} → ${expected}`, () => assert.equal(follows(id, kwargs, response), expected));
    }
  });
}

table('detectable_format:number_bullet_lists', [
  ['star bullets', { num_bullets: 2 }, 'Intro\n* one\n* two', true],
  ['dash bullets count too', { num_bullets: 3 }, '* one\n- two\n  - three', true],
  // exact count
  ['one too many', { num_bullets: 1 }, '* one\n* two', false],
  // `**bold**` lines are not bullets
  ['bold line is no bullet', { num_bullets: 1 }, '**Bold** start\n* one', true],
]);

table('detectable_format:constrained_response', [
  ['contains an option', {}, 'Thinking... My answer is yes.', true],
  ['no period', {}, 'My answer is yes', false],
  ['maybe', {}, 'My answer is maybe.', true],
]);

table('detectable_format:number_highlighted_sections', [
  ['two single highlights', { num_highlights: 2 }, '*one* and *two*', true],
  ['bold counts', { num_highlights: 1 }, 'a **bold** b', true],
  ['blank highlight ignored', { num_highlights: 1 }, 'a * * b', false],
  ['too few', { num_highlights: 3 }, '*one* and *two*', false],
]);

table('detectable_format:multiple_sections', [
  ['enough sections', { section_spliter: 'Section', num_sections: 2 }, 'Section 1\nA\nSection 2\nB', true],
  ['too few', { section_spliter: 'Section', num_sections: 3 }, 'Section 1\nA\nSection 2\nB', false],
  // the splitter is case-sensitive
  ['case matters', { section_spliter: 'SECTION', num_sections: 1 }, 'Section 1\nA', false],
  [
    'kwarg stripped',
    { section_spliter: ' PARAGRAPH ', num_sections: 2 },
    'PARAGRAPH 1 A PARAGRAPH 2 B',
    true,
  ],
]);

table('detectable_format:json_format', [
  ['plain JSON', {}, '{"a": 1}', true],
  ['fenced json', {}, '```json\n{"a": [1, 2]}\n```', true],
  ['fenced JSON upper case', {}, '```JSON\n[1]\n```', true],
  ['text around', {}, 'Here: {"a": 1}', false],
  // Python's json accepts NaN and Infinity
  ['NaN constant', {}, '{"x": NaN, "y": -Infinity}', true],
  ['trailing comma', {}, '{"a": 1,}', false],
]);

table('detectable_format:title', [
  ['title', {}, '<<My Title>>\nText', true],
  ['blank title', {}, '<<   >>\nText', false],
  ['no newline inside', {}, '<<My\nTitle>>', false],
]);
