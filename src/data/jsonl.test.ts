import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isCascadeError } from '../core/errors.ts';
import { type JsonlRecord, openJsonlWriter, parseJsonlLine, readJsonl } from './jsonl.ts';

async function collect(path: string): Promise<JsonlRecord[]> {
  const records: JsonlRecord[] = [];
  for await (const record of readJsonl(path)) records.push(record);
  return records;
}

describe('parseJsonlLine', () => {
  it('skips blank and whitespace-only lines', () => {
    assert.equal(parseJsonlLine('', 3), undefined);
    assert.equal(parseJsonlLine('  \t\r', 3), undefined);
  });
  it('reports a bad line with its number instead of throwing', () => {
    const record = parseJsonlLine('{"a": 1', 7);
    assert.ok(record && 'error' in record);
    assert.equal(record.line, 7);
  });
  it('ignores a byte-order mark', () => {
    assert.deepEqual(parseJsonlLine('\uFEFF{"a":1}', 1), { line: 1, value: { a: 1 } });
  });
});

describe('readJsonl', () => {
  it('streams values and errors with 1-based line numbers, CRLF included', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jsonl-'));
    const path = join(dir, 'rows.jsonl');
    await writeFile(path, '{"a":1}\r\n\r\nnot json\n[1,2]\n"s"');
    const records = await collect(path);
    assert.equal(records.length, 4);
    assert.deepEqual(records[0], { line: 1, value: { a: 1 } });
    assert.equal(records[1].line, 3);
    assert.ok('error' in records[1]);
    assert.deepEqual(records[2], { line: 4, value: [1, 2] });
    assert.deepEqual(records[3], { line: 5, value: 's' });
  });

  it('throws a CascadeError naming the file when it does not exist', async () => {
    await assert.rejects(collect('/nonexistent/dir/rows.jsonl'), (error: unknown) => {
      assert.ok(isCascadeError(error));
      assert.equal(error.code, 'io');
      assert.match(error.message, /nonexistent\/dir\/rows\.jsonl/);
      return true;
    });
  });
});

describe('openJsonlWriter', () => {
  it('writes one line per value and round-trips through the reader', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jsonl-'));
    const path = join(dir, 'out.jsonl');
    const writer = openJsonlWriter(path);
    const rows = [{ text: 'line\nbreak', n: 1 }, null, ['x']];
    for (const row of rows) await writer.write(row);
    await writer.close();
    const text = await readFile(path, 'utf8');
    assert.equal(text.split('\n').length, 4);
    assert.deepEqual(
      (await collect(path)).map((record) => ('value' in record ? record.value : record.error)),
      rows,
    );
  });
});
