import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { answerAfterThinking, ifbenchVerifier, ifevalVerifier, instructionVerifier } from './verifier.ts';

/** Every kwarg key, null: the HuggingFace copy of IFEval writes rows this way. */
const NULL_KWARGS = Object.fromEntries(
  [
    'capital_frequency',
    'capital_relation',
    'end_phrase',
    'first_word',
    'forbidden_words',
    'frequency',
    'keyword',
    'keywords',
    'language',
    'let_frequency',
    'let_relation',
    'letter',
    'nth_paragraph',
    'num_bullets',
    'num_highlights',
    'num_paragraphs',
    'num_placeholders',
    'num_sections',
    'num_sentences',
    'num_words',
    'postscript_marker',
    'prompt_to_repeat',
    'relation',
    'section_spliter',
  ].map((key) => [key, null]),
);

interface PublishedRow {
  key: number;
  prompt: string;
  instruction_id_list: string[];
  kwargs: Record<string, unknown>[];
}

function row(key: number, prompt: string, ids: string[], kwargs: Record<string, unknown>[]): PublishedRow {
  return { key, prompt, instruction_id_list: ids, kwargs: kwargs.map((k) => ({ ...NULL_KWARGS, ...k })) };
}

// Realistic rows in IFEval's published shape, each with a response and upstream's strict/loose outcome.
const ROWS: { note: string; row: PublishedRow; response: string; strict: boolean[]; loose: boolean[] }[] = [
  {
    note: 'no commas, three highlights, 300+ words: too short',
    row: row(
      1000,
      'Write a 300+ word summary of the wikipedia page about Raymond III. Do not use any commas and highlight at least 3 sections.',
      [
        'punctuation:no_comma',
        'detectable_format:number_highlighted_sections',
        'length_constraints:number_words',
      ],
      [{}, { num_highlights: 3 }, { relation: 'at least', num_words: 300 }],
    ),
    response:
      '*Early life* Raymond was born in 1140.\n*Regency* He ruled Tripoli.\n*Legacy* He died in 1187.',
    strict: [true, true, false],
    loose: [true, true, false],
  },
  {
    note: 'repeat the request, then a titled email',
    row: row(
      1012,
      'Write an email to my boss telling him that I am quitting. The email must contain a title wrapped in double angular brackets, i.e. <<title>>.\nFirst repeat the request word for word without change, then give your answer',
      ['combination:repeat_prompt', 'detectable_format:title'],
      [
        {
          prompt_to_repeat:
            'Write an email to my boss telling him that I am quitting. The email must contain a title wrapped in double angular brackets, i.e. <<title>>.',
        },
        {},
      ],
    ),
    response:
      'Write an email to my boss telling him that I am quitting. The email must contain a title wrapped in double angular brackets, i.e. <<title>>.\n\n<<Resignation>>\nDear boss, I quit.',
    strict: [true, true],
    loose: [true, true],
  },
  {
    note: 'lowercase tweet with four hashtags, but one capital letter',
    row: row(
      1122,
      "make a tweet for playboy's twitter account without using capital letters. Include at least 4 hashtags, starting with '#'",
      ['change_case:english_lowercase', 'keywords:letter_frequency'],
      [{}, { let_relation: 'at least', letter: '#', let_frequency: 4 }],
    ),
    response: 'new issue out now, grab yours today and enjoy the read #Style #news #weekend #magazine',
    strict: [false, true],
    loose: [false, true],
  },
  {
    note: 'four SECTIONs ending with the exact phrase, under a chatty first line',
    row: row(
      1127,
      'Write a poem about how I am missing my classes. The poem must have 4 sections marked with SECTION X. Finish the poem with this exact phrase: "Can I get my money back for the classes I missed?"',
      ['detectable_format:multiple_sections', 'startend:end_checker'],
      [
        { section_spliter: 'SECTION', num_sections: 4 },
        { end_phrase: 'Can I get my money back for the classes I missed?' },
      ],
    ),
    response:
      'SECTION 1\nMondays gone\nSECTION 2\nTuesdays too\nSECTION 3\nWednesdays blue\nSECTION 4\nCan I get my money back for the classes I missed?\n(Hope you like it!)',
    strict: [true, false],
    loose: [true, true],
  },
  {
    note: 'two different jokes, no commas',
    row: row(
      1107,
      'Write two jokes about rockets. Do not contain commas in your response. Separate the two jokes with 6 asterisk symbols: ******.',
      ['punctuation:no_comma', 'combination:two_responses'],
      [{}, {}],
    ),
    response:
      'Why did the rocket quit? It got fired.\n******\nRockets never get lost because they follow the stars.',
    strict: [true, true],
    loose: [true, true],
  },
  {
    note: 'a JSON block in fences, in French, avoiding a word',
    row: row(
      1137,
      'Explain in French why it is important to eat healthy foods, without using the word "nourriture". Wrap your entire response in JSON format.',
      ['detectable_format:json_format', 'keywords:forbidden_words'],
      [{}, { forbidden_words: ['nourriture'] }],
    ),
    response:
      '```json\n{"explication": "Manger sainement aide le corps à guérir et donne de l\'énergie."}\n```',
    strict: [true, true],
    loose: [true, true],
  },
];

describe('ifevalVerifier on published-format rows', () => {
  for (const { note, row: task, response, strict, loose } of ROWS) {
    it(`${task.key}: ${note}`, async () => {
      const verdict = await ifevalVerifier(task, response);
      assert.equal(verdict.status, 'scored');
      const results = verdict.details.instructions as { strict: boolean; loose: boolean }[];
      assert.deepEqual(
        results.map((result) => result.strict),
        strict,
      );
      assert.deepEqual(
        results.map((result) => result.loose),
        loose,
      );
      const all = strict.every(Boolean);
      assert.equal(verdict.reward, all ? 1 : 0);
      assert.equal(verdict.correct, all);
      assert.equal(verdict.details.checkedResponse, response);
    });
  }
});

describe('thinking responses', () => {
  const task = { instruction_id_list: ['punctuation:no_comma'], kwargs: [{}] };

  it('checks only the text after </think>', async () => {
    const verdict = await ifevalVerifier(task, '<think>Hmm, a, b, c.</think>\nNo commas at all.');
    assert.equal(verdict.reward, 1);
    assert.equal(verdict.details.checkedResponse, '\nNo commas at all.');
  });

  it('a think block closed without its opening tag (template-opened) still counts', () => {
    assert.equal(answerAfterThinking('reasoning, here</think>Answer'), 'Answer');
  });

  it('an unfinished think block fails every instruction, with a reason', async () => {
    const verdict = await ifevalVerifier(task, '<think>Still thinking and never stopped');
    assert.equal(verdict.status, 'scored');
    assert.equal(verdict.reward, 0);
    assert.equal(verdict.correct, false);
    assert.match(verdict.reason, /think/);
  });
});

describe('errors are verdicts, never scores', () => {
  it('an unknown id', async () => {
    const verdict = await ifevalVerifier({ instruction_id_list: ['no:such_id'], kwargs: [{}] }, 'text');
    assert.equal(verdict.status, 'error');
    assert.equal(verdict.correct, false);
    assert.match(verdict.reason, /no:such_id/);
  });

  it('a bad kwarg, named', async () => {
    const verdict = await ifevalVerifier(
      { instruction_id_list: ['detectable_format:number_bullet_lists'], kwargs: [{ num_bullets: 'three' }] },
      '* a',
    );
    assert.equal(verdict.status, 'error');
    assert.match(verdict.reason, /num_bullets/);
  });

  it('a task that is not an instruction task', async () => {
    // biome-ignore lint/suspicious/noExplicitAny: deliberately malformed input
    const verdict = await ifevalVerifier({ instruction_id_list: 'punctuation:no_comma' } as any, 'x');
    assert.equal(verdict.status, 'error');
  });

  it('an aborted check is a timeout', async () => {
    const controller = new AbortController();
    controller.abort();
    const verdict = await ifevalVerifier({ instruction_id_list: [], kwargs: [] }, 'x', {
      signal: controller.signal,
    });
    assert.equal(verdict.status, 'timeout');
  });
});

describe('ifbenchVerifier', () => {
  it('knows the classic IFEval ids too', async () => {
    const verdict = await ifbenchVerifier(
      { instruction_id_list: ['punctuation:no_comma'], kwargs: [null] },
      'Fine.',
    );
    assert.equal(verdict.status, 'scored');
    assert.equal(verdict.reward, 1);
  });
});

describe('strict-only verifier (the RL reward path)', () => {
  it('gives the same reward and leaves loose results out', async () => {
    const verifier = instructionVerifier('ifeval', { loose: false });
    const verdict = await verifier(
      { instruction_id_list: ['startend:quotation'], kwargs: [{}] },
      '**"Quoted"**',
    );
    assert.equal(verdict.reward, 0);
    assert.equal(verdict.details.loose, undefined);
    const results = verdict.details.instructions as { strict: boolean; loose?: boolean }[];
    assert.deepEqual(
      results.map((result) => [result.strict, result.loose]),
      [[false, undefined]],
    );
  });
});
