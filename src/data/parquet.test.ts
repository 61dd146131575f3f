import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { CascadeError } from '../core/errors.ts';
import { plainValue, readParquetRows } from './parquet.ts';

const fixture = (path: string) =>
  fileURLToPath(new URL(`../../test/fixtures/benchmarks/${path}`, import.meta.url));

test('reads a snappy Parquet file with int64 and list<string> columns as plain rows', async () => {
  const rows = await readParquetRows(fixture('mmlu-pro/data/test-00000-of-00001.parquet'));
  assert.equal(rows.length, 2);
  assert.deepEqual(rows[1], {
    question_id: 71,
    question: 'Which planet is closest to the Sun?',
    options: ['Venus', 'Earth', 'Mercury', 'Mars'],
    answer: 'C',
    answer_index: 2,
    cot_content: '',
    category: 'physics',
    src: 'cascade-fixture',
  });
  assert.equal(typeof rows[0].question_id, 'number');
  assert.equal((rows[0].options as string[]).length, 10);
});

test('reads a zstd Parquet file (codecs from hyparquet-compressors)', async () => {
  const rows = await readParquetRows(fixture('gpqa-diamond/gpqa_diamond.parquet'));
  assert.deepEqual(
    rows.map((row) => [row['Record ID'], row['Correct Answer']]),
    [
      ['recA1', 'The photon'],
      ['recB2', 'Na'],
    ],
  );
});

test('a column selection reads only those columns', async () => {
  const rows = await readParquetRows(fixture('aime24/data/train-00000-of-00001.parquet'), {
    columns: ['id', 'answer'],
  });
  assert.deepEqual(rows, [
    { id: 60, answer: '2' },
    { id: 61, answer: '24' },
    { id: 62, answer: '391' },
  ]);
});

test('a missing or corrupt file is a CascadeError naming the path', async () => {
  await assert.rejects(
    readParquetRows('/nonexistent/x.parquet'),
    (error: CascadeError) => error.code === 'io' && error.where === '/nonexistent/x.parquet',
  );
  const bad = join(tmpdir(), `cascade-bad-${process.pid}.parquet`);
  writeFileSync(bad, 'this is not parquet at all');
  await assert.rejects(
    readParquetRows(bad),
    (error: CascadeError) => error.code === 'parquet' && error.where === bad,
  );
});

test('bigints beyond 2^53 fail instead of losing digits', () => {
  assert.equal(plainValue(5n, 'x'), 5);
  assert.throws(() => plainValue(2n ** 60n, 'col'), /does not fit/);
});
