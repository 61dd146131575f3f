/** Each suite reads its published format from test/fixtures/benchmarks and builds the verifier's task. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { mcqVerifier } from '../../verifiers/mcq/index.ts';
import type { GeneratedCompletion } from '../generator.ts';
import { bfclCategory, toJsonSchema } from './bfcl.ts';
import { getSuite } from './index.ts';
import { decodePackedTests, unpickleString } from './pickle-string.ts';

const dir = (suite: string) =>
  fileURLToPath(new URL(`../../../test/fixtures/benchmarks/${suite}`, import.meta.url));
const answer = (content: string): GeneratedCompletion => ({
  text: content,
  reasoning: null,
  content,
  toolCalls: [],
  finishReason: 'stop',
});

test('math suites: AIME 2024 Parquet, AIME 2025 JSONL without ids, MATH-500 JSONL', async () => {
  const aime24 = await getSuite('aime24').load(dir('aime24'));
  assert.deepEqual(
    aime24.map((item) => [item.id, item.task]),
    [
      ['60', { answer: '2' }],
      ['61', { answer: '24' }],
      ['62', { answer: '391' }],
    ],
  );
  assert.match(
    aime24[0].messages[0].content ?? '',
    /^Find the remainder when \$2\^\{10\}\$ is divided by \$7\$\.\n\nPlease reason step by step, and put your final answer within \\boxed\{\}\.$/,
  );
  const aime25 = await getSuite('aime25').load(dir('aime25'));
  assert.deepEqual(
    aime25.map((item) => item.id),
    ['aime2025-I-0', 'aime2025-I-1'],
  );
  const math500 = await getSuite('math500').load(dir('math500'));
  assert.deepEqual(
    math500.map((item) => [item.id, item.task]),
    [
      ['test/prealgebra/1.json', { answer: '\\frac{3}{4}' }],
      ['test/algebra/2.json', { answer: '4' }],
      ['test/algebra/3.json', { answer: '5\\sqrt{2}' }],
    ],
  );
});

test('LiveCodeBench: stdin tests from JSON + pickled private tests; functional tests become calls', async () => {
  const [stdin, functional] = await getSuite('livecodebench').load(dir('livecodebench'));
  assert.equal(stdin.id, 'abc900_a');
  const stdinTests = stdin.task as { tests: { input: string; output: string }[]; time_limit_s: number };
  assert.equal(stdinTests.tests.length, 9);
  assert.deepEqual(stdinTests.tests[0], { input: '1 2\n', output: '3\n' });
  assert.deepEqual(stdinTests.tests[3], { input: '123456 654321\n', output: '777777\n' });
  assert.equal(stdinTests.time_limit_s, 6);
  assert.match(stdin.messages[0].content ?? '', /standard input/);
  const call = (functional.task as { tests: { fn_name: string; tests: unknown } }).tests;
  assert.equal(call.fn_name, 'maxValue');
  assert.deepEqual(call.tests, [
    { args: [[1, 5, 3]], expected: 5 },
    { args: [[-2, -7]], expected: -2 },
    { args: [[4]], expected: 4 },
  ]);
  assert.match(functional.messages[0].content ?? '', /def maxValue\(self, nums: List\[int\]\) -> int:/);
});

test('pickled strings: short and long forms decode; other pickles fail naming the opcode', () => {
  // protocol 4, SHORT_BINUNICODE "[]", MEMOIZE, STOP
  const short = Buffer.from([0x80, 0x04, 0x95, 7, 0, 0, 0, 0, 0, 0, 0, 0x8c, 2, 0x5b, 0x5d, 0x94, 0x2e]);
  assert.equal(unpickleString(short, 'x'), '[]');
  assert.equal(decodePackedTests(deflateSync(short).toString('base64'), 'x'), '[]');
  // a pickled list (EMPTY_LIST ']') is not supported
  assert.throws(
    () => unpickleString(Buffer.from([0x80, 0x04, 0x5d, 0x2e]), 'row 3'),
    /unsupported pickle opcode 0x5d.*row 3|row 3.*unsupported pickle opcode 0x5d/,
  );
  assert.throws(() => decodePackedTests('not base64 zlib', 'row 4'), /neither JSON nor base64\+zlib/);
});

test('IFEval and IFBench: rows keep their ids, instruction lists and kwargs; the prompt is sent as is', async () => {
  const ifeval = await getSuite('ifeval').load(dir('ifeval'));
  assert.deepEqual(
    ifeval.map((item) => item.id),
    ['1000', '1001', '1002'],
  );
  assert.deepEqual((ifeval[2].task as { instruction_id_list: string[] }).instruction_id_list, [
    'detectable_format:number_highlighted_sections',
    'punctuation:no_comma',
  ]);
  assert.equal(
    ifeval[0].messages[0].content,
    'Write a short note about green tea. Do not use any commas in your response.',
  );
  const ifbench = await getSuite('ifbench').load(dir('ifbench'));
  assert.deepEqual(
    ifbench.map((item) => item.id),
    ['ifb-1', 'ifb-2'],
  );
});

test('GPQA: the shuffle is fixed per question and seed, and the gold letter follows the correct answer', async () => {
  const items = await getSuite('gpqa-diamond').load(dir('gpqa-diamond'));
  const again = await getSuite('gpqa-diamond').load(dir('gpqa-diamond'));
  assert.deepEqual(items, again);
  for (const [item, correct] of [
    [items[0], 'The photon'],
    [items[1], 'Na'],
  ] as const) {
    const letter = (item.task as { answer: string }).answer;
    assert.match(item.messages[0].content ?? '', new RegExp(`\\n${letter}\\) ${correct}(\\n|$)`));
    const verdict = await mcqVerifier(item.task as never, `Reasoning.\nAnswer: ${letter}`);
    assert.equal(verdict.correct, true);
  }
  const seeds = new Set<string>();
  for (let seed = 0; seed < 12; seed++) {
    const shuffled = await getSuite('gpqa-diamond', { gpqaSeed: seed }).load(dir('gpqa-diamond'));
    seeds.add(shuffled[0].messages[0].content ?? '');
  }
  assert.ok(seeds.size > 1, 'the seed changes the order');
});

test('MMLU-Pro: ten options A–J from Parquet, gold letter from answer', async () => {
  const [first, second] = await getSuite('mmlu-pro').load(dir('mmlu-pro'));
  assert.equal(first.id, '70');
  assert.deepEqual([...(first.task as { letters: Iterable<string> }).letters], 'ABCDEFGHIJ'.split(''));
  assert.equal((first.task as { answer: string }).answer, 'B');
  assert.match(first.messages[0].content ?? '', /\nJ\) 12$/);
  assert.deepEqual([...(second.task as { letters: Iterable<string> }).letters], ['A', 'B', 'C', 'D']);
  assert.equal((second.task as { answer: string }).answer, 'C');
});

test('BFCL: functions become OpenAI tools with safe names; ground truth joins by id; irrelevance expects nothing', async () => {
  const items = await getSuite('bfcl').load(dir('bfcl'));
  assert.deepEqual(
    items.map((item) => item.id),
    ['irrelevance_0', 'simple_0', 'simple_1'],
  );
  const simple1 = items[2];
  assert.equal(simple1.tools?.[0].function.name, 'math_factorial');
  assert.deepEqual(simple1.tools?.[0].function.parameters, {
    type: 'object',
    properties: { number: { type: 'integer', description: 'The number.' } },
    required: ['number'],
  });
  assert.deepEqual((items[0].task as { expected: unknown[] }).expected, []);
  assert.equal(bfclCategory('/x/BFCL_v3_live_parallel_multiple.json'), 'parallel_multiple');
  assert.equal(bfclCategory('/x/BFCL_v3_multi_turn_base.json'), undefined);
  assert.deepEqual(
    toJsonSchema({ type: 'dict', properties: { xs: { type: 'tuple', items: { type: 'float' } } } }),
    {
      type: 'object',
      properties: { xs: { type: 'array', items: { type: 'number' } } },
    },
  );
});

test('a missing folder names the path and says nothing is downloaded', async () => {
  await assert.rejects(
    getSuite('aime24').load('/nonexistent/aime24'),
    /\/nonexistent\/aime24: benchmark folder not found \(files are never downloaded/,
  );
  assert.throws(() => getSuite('hle'), /unknown suite "hle"/);
});

test('scoring goes through the verifier with the answer part of the completion', async () => {
  const suite = getSuite('mmlu-pro');
  const [item] = await suite.load(dir('mmlu-pro'));
  const verdict = await suite.score(item, answer('2 + 2 = 4.\nAnswer: B'), mcqVerifier as never);
  assert.equal(verdict.correct, true);
  const cutOff: GeneratedCompletion = {
    text: '<think>long',
    reasoning: 'long',
    content: null,
    toolCalls: [],
    finishReason: 'length',
  };
  assert.equal((await suite.score(item, cutOff, mcqVerifier as never)).correct, false);
});
