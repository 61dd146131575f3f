import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { instructionRegistry } from './registry.ts';

const IFEVAL_IDS = [
  'keywords:existence',
  'keywords:frequency',
  'keywords:forbidden_words',
  'keywords:letter_frequency',
  'language:response_language',
  'length_constraints:number_sentences',
  'length_constraints:number_paragraphs',
  'length_constraints:number_words',
  'length_constraints:nth_paragraph_first_word',
  'detectable_content:number_placeholders',
  'detectable_content:postscript',
  'detectable_format:number_bullet_lists',
  'detectable_format:constrained_response',
  'detectable_format:number_highlighted_sections',
  'detectable_format:multiple_sections',
  'detectable_format:json_format',
  'detectable_format:title',
  'combination:two_responses',
  'combination:repeat_prompt',
  'startend:end_checker',
  'change_case:capital_word_frequency',
  'change_case:english_capital',
  'change_case:english_lowercase',
  'punctuation:no_comma',
  'startend:quotation',
];

describe('instructionRegistry', () => {
  it('ifeval holds exactly the 25 registered IFEval ids', () => {
    assert.deepEqual([...instructionRegistry('ifeval').keys()].sort(), [...IFEVAL_IDS].sort());
  });

  it('ifbench and all also hold the classic ids, each checker under its own id', () => {
    for (const suite of ['ifbench', 'all'] as const) {
      const registry = instructionRegistry(suite);
      for (const id of IFEVAL_IDS) assert.ok(registry.has(id), `${suite} lacks ${id}`);
      for (const [id, checker] of registry) assert.equal(checker.id, id);
    }
  });
});
