/**
 * Finds and reads a suite's published files under `<data>/<suite>/`: `.jsonl`, `.json` (a JSON
 * array or JSON Lines, as BFCL writes them) and `.parquet`, at any depth (Hugging Face keeps Parquet
 * under `data/`), in sorted path order. Each row carries where it came from.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { CascadeError } from '../../core/errors.ts';
import { readJsonl } from '../../data/jsonl.ts';
import { readParquetRows } from '../../data/parquet.ts';

export interface SourceRow {
  row: Record<string, unknown>;
  /** `path:line` for JSON Lines, `path#index` for arrays and Parquet. */
  where: string;
  file: string;
  /** 0-based index of the row within its file. */
  index: number;
}

const EXTENSIONS = ['.jsonl', '.json', '.parquet'];

/** Data files under `dir`, sorted; `exclude` names sub-folders to skip (relative to dir). */
export async function listDataFiles(dir: string, exclude: readonly string[] = []): Promise<string[]> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new CascadeError(
      'eval_data',
      'benchmark folder not found (files are never downloaded: put the published files there)',
      {
        where: dir,
      },
    );
  }
  const found: string[] = [];
  async function walk(folder: string): Promise<void> {
    for (const entry of (await readdir(folder, { withFileTypes: true })).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!exclude.includes(relative(dir, path)) && !entry.name.startsWith('.')) await walk(path);
      } else if (EXTENSIONS.some((extension) => entry.name.endsWith(extension))) found.push(path);
    }
  }
  await walk(dir);
  if (found.length === 0)
    throw new CascadeError('eval_data', `no ${EXTENSIONS.join('/')} files`, { where: dir });
  return found;
}

export async function readRows(file: string): Promise<SourceRow[]> {
  if (file.endsWith('.parquet')) {
    return (await readParquetRows(file)).map((row, index) => ({
      row,
      where: `${file}#${index}`,
      file,
      index,
    }));
  }
  if (file.endsWith('.json')) {
    const text = await readFile(file, 'utf8');
    if (text.trimStart().startsWith('[')) return jsonArrayRows(text, file);
  }
  const rows: SourceRow[] = [];
  for await (const record of readJsonl(file)) {
    const where = `${file}:${record.line}`;
    if ('error' in record) throw new CascadeError('eval_data', record.error, { where });
    rows.push({ row: asRecord(record.value, where), where, file, index: rows.length });
  }
  return rows;
}

function jsonArrayRows(text: string, file: string): SourceRow[] {
  let values: unknown;
  try {
    values = JSON.parse(text);
  } catch (error) {
    throw new CascadeError('eval_data', `not valid JSON: ${(error as Error).message}`, { where: file });
  }
  return (values as unknown[]).map((value, index) => ({
    row: asRecord(value, `${file}#${index}`),
    where: `${file}#${index}`,
    file,
    index,
  }));
}

/** Every row of every data file under `dir`. */
export async function readAllRows(dir: string, exclude: readonly string[] = []): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for (const file of await listDataFiles(dir, exclude)) rows.push(...(await readRows(file)));
  return rows;
}

function asRecord(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CascadeError('eval_data', 'each row must be a JSON object', { where });
  }
  return value as Record<string, unknown>;
}
