import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ifbenchCheckers } from './index.ts';

/** The 58 ids of verifiers-reference.md §3.2, in its order. */
const REFERENCE_IDS = [
  'count:word_count_range',
  'count:unique_word_count',
  'ratio:stop_words',
  'ratio:sentence_type',
  'ratio:sentence_balance',
  'count:conjunctions',
  'count:person_names',
  'ratio:overlap',
  'count:numbers',
  'words:alphabet',
  'words:vowel',
  'words:consonants',
  'sentence:alliteration_increment',
  'words:palindrome',
  'count:punctuation',
  'format:parentheses',
  'format:quotes',
  'words:prime_lengths',
  'format:options',
  'format:newline',
  'format:emoji',
  'ratio:sentence_words',
  'count:words_japanese',
  'words:start_verb',
  'words:repeats',
  'sentence:keyword',
  'count:pronouns',
  'words:odd_even_syllables',
  'words:last_first',
  'words:paragraph_last_first',
  'sentence:increment',
  'words:no_consecutive',
  'format:line_indent',
  'format:quote_unquote',
  'format:list',
  'format:thesis',
  'format:sub-bullets',
  'format:no_bullets_bullets',
  'custom:multiples',
  'custom:mcq_count_length',
  'custom:reverse_newline',
  'custom:word_reverse',
  'custom:character_reverse',
  'custom:sentence_alphabet',
  'custom:european_capitals_sort',
  'custom:csv_city',
  'custom:csv_special_character',
  'custom:csv_quotes',
  'custom:date_format_list',
  'count:keywords_multiple',
  'words:keywords_specific_position',
  'words:words_position',
  'repeat:repeat_change',
  'repeat:repeat_simple',
  'repeat:repeat_span',
  'format:title_case',
  'format:output_template',
  'format:no_whitespace',
];

/** The 25 IFEval ids of verifiers-reference.md §3.1. */
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

const ids = ifbenchCheckers.map((checker) => checker.id);

describe('ifbenchCheckers', () => {
  it('holds the 58 ids of the reference, each once', () => {
    assert.equal(REFERENCE_IDS.length, 58);
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual([...ids].sort(), [...REFERENCE_IDS].sort());
  });

  it('shares no id with IFEval', () => {
    assert.equal(IFEVAL_IDS.length, 25);
    assert.deepEqual(
      ids.filter((id) => IFEVAL_IDS.includes(id)),
      [],
    );
  });

  it('matches the id table of verifiers-reference.md §3.2 where the docs are checked out', (context) => {
    const doc = fileURLToPath(new URL('../../../../../shared/docs/verifiers-reference.md', import.meta.url));
    if (!existsSync(doc)) {
      context.skip('shared/docs is not beside this checkout');
      return;
    }
    const text = readFileSync(doc, 'utf8');
    const section = text.slice(text.indexOf('### 3.2'), text.indexOf('## 4.'));
    const documented = [...section.matchAll(/^\| `([^`]+)` \|/gmu)].map((match) => match[1]);
    assert.deepEqual([...documented].sort(), [...ids].sort());
  });

  it('rejects unknown kwargs, reads null kwargs as absent and requires the needed ones', () => {
    const byId = new Map(ifbenchCheckers.map((checker) => [checker.id, checker]));
    const numbers = byId.get('count:numbers')!;
    assert.deepEqual(numbers.kwargs.parse({ N: 2, min_words: null }), { N: 2 });
    assert.throws(() => numbers.kwargs.parse({ N: 2, min_words: 3 }));
    assert.throws(() => numbers.kwargs.parse({}));
    assert.throws(() => numbers.kwargs.parse({ N: -1 }));
    assert.deepEqual(byId.get('format:no_whitespace')!.kwargs.parse(null), {});
  });
});
