import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parquetMetadata, parquetReadObjects, parquetSchema } from 'hyparquet';
import { verlParquetBuffer, verlSftParquetBuffer, writeVerlParquet } from './parquet.ts';
import type { VerlRow } from './spec.ts';

const rows: VerlRow[] = [
  {
    id: 'm-1',
    domain: 'math',
    messages: [{ role: 'user', content: 'What is 6 × 7? Put the answer in \\boxed{}.' }],
    groundTruth: '42',
  },
  {
    id: 'if-2',
    domain: 'ifeval',
    messages: [
      { role: 'system', content: 'Follow the instructions.' },
      { role: 'user', content: 'Write a haiku without commas — «ünïcode»' },
    ],
    groundTruth: { instruction_id_list: ['punctuation:no_comma'], kwargs: [{}] },
    extra: { source: 'ifeval-train', difficulty: 3 },
  },
  {
    id: 'c-3',
    domain: 'code',
    messages: [{ role: 'user', content: '' }],
    groundTruth: { language: 'python', tests: [{ input: '1\n', output: '2\n' }] },
  },
];

test('GRPO Parquet reads back with every verl column of every row', async () => {
  const buffer = verlParquetBuffer(rows);
  const read = await parquetReadObjects({ file: buffer });
  // written from verl's gsm8k preprocessor row shape (frameworks.md §2.4)
  assert.deepEqual(read, [
    {
      data_source: 'cascade/math',
      prompt: [{ role: 'user', content: 'What is 6 × 7? Put the answer in \\boxed{}.' }],
      ability: 'math',
      reward_model: { style: 'rule', ground_truth: '42' },
      extra_info: { index: 0n, id: 'm-1', domain: 'math', split: 'train', extra: '{}' },
    },
    {
      data_source: 'cascade/ifeval',
      prompt: [
        { role: 'system', content: 'Follow the instructions.' },
        { role: 'user', content: 'Write a haiku without commas — «ünïcode»' },
      ],
      ability: 'ifeval',
      reward_model: {
        style: 'rule',
        ground_truth: '{"instruction_id_list":["punctuation:no_comma"],"kwargs":[{}]}',
      },
      extra_info: {
        index: 1n,
        id: 'if-2',
        domain: 'ifeval',
        split: 'train',
        extra: '{"source":"ifeval-train","difficulty":3}',
      },
    },
    {
      data_source: 'cascade/code',
      prompt: [{ role: 'user', content: '' }],
      ability: 'code',
      reward_model: {
        style: 'rule',
        ground_truth: '{"language":"python","tests":[{"input":"1\\n","output":"2\\n"}]}',
      },
      extra_info: { index: 2n, id: 'c-3', domain: 'code', split: 'train', extra: '{}' },
    },
  ]);
});

test('prompt is a Parquet LIST of struct<role, content> (what pyarrow reads as list<struct>)', () => {
  const metadata = parquetMetadata(verlParquetBuffer(rows));
  const tree = parquetSchema(metadata);
  const prompt = tree.children.find((child) => child.element.name === 'prompt');
  assert.ok(prompt);
  assert.equal(prompt.element.converted_type, 'LIST');
  const element = prompt.children[0].children[0];
  assert.deepEqual(
    element.children.map((child) => [child.element.name, child.element.converted_type]),
    [
      ['role', 'UTF8'],
      ['content', 'UTF8'],
    ],
  );
  assert.deepEqual(
    tree.children.map((child) => child.element.name),
    ['data_source', 'prompt', 'ability', 'reward_model', 'extra_info'],
  );
});

test('SFT Parquet carries the whole conversation as messages and enable_thinking per row', async () => {
  const sft: VerlRow[] = [
    {
      id: 's1',
      domain: 'math',
      messages: [
        { role: 'user', content: '1+1?' },
        { role: 'assistant', content: '<think>easy</think>2' },
      ],
      groundTruth: '2',
    },
  ];
  const read = await parquetReadObjects({ file: verlSftParquetBuffer(sft, false) });
  assert.deepEqual(read, [
    {
      data_source: 'cascade/math',
      messages: [
        { role: 'user', content: '1+1?' },
        { role: 'assistant', content: '<think>easy</think>2' },
      ],
      enable_thinking: false,
      extra_info: { index: 0n, id: 's1', domain: 'math', split: 'train', extra: '{}' },
    },
  ]);
});

test('writeVerlParquet writes the file to disk', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'verl-parquet-'));
  try {
    const path = join(dir, 'train.parquet');
    await writeVerlParquet(path, 'grpo', rows, true);
    const bytes = await readFile(path);
    assert.equal(bytes.subarray(0, 4).toString('latin1'), 'PAR1');
    const read = await parquetReadObjects({
      file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    });
    assert.deepEqual(
      read.map((row) => (row.extra_info as { id: string }).id),
      ['m-1', 'if-2', 'c-3'],
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
