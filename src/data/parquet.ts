/**
 * Reads a Parquet file (as Hugging Face publishes datasets) into plain JSON-like rows with
 * hyparquet; every codec Hugging Face uses (snappy, zstd, gzip, brotli, lz4) comes from
 * hyparquet-compressors. INT64 columns arrive as bigint and become numbers when exact, otherwise
 * the read fails naming the column. Reads the whole file into memory: benchmark files are small.
 * It does not write Parquet.
 */
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { CascadeError } from '../core/errors.ts';

export type ParquetRow = Record<string, unknown>;

export async function readParquetRows(
  path: string,
  options: { columns?: string[] } = {},
): Promise<ParquetRow[]> {
  let file: Awaited<ReturnType<typeof asyncBufferFromFile>>;
  try {
    file = await asyncBufferFromFile(path);
  } catch (error) {
    throw new CascadeError('io', `cannot open Parquet file: ${(error as Error).message}`, {
      where: path,
      cause: error,
    });
  }
  let rows: ParquetRow[];
  try {
    const metadata = await parquetMetadataAsync(file);
    rows = (await parquetReadObjects({
      file,
      metadata,
      compressors,
      columns: options.columns,
    })) as ParquetRow[];
  } catch (error) {
    throw new CascadeError('parquet', `cannot read Parquet: ${(error as Error).message}`, {
      where: path,
      cause: error,
    });
  }
  return rows.map((row, index) => {
    const out: ParquetRow = {};
    for (const [key, value] of Object.entries(row)) out[key] = plainValue(value, `${path}#${index}.${key}`);
    return out;
  });
}

/** bigint → number (exact only), Date → ISO text, typed arrays → arrays, recursively. */
export function plainValue(value: unknown, where: string): unknown {
  if (typeof value === 'bigint') {
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new CascadeError('parquet', `integer ${value} does not fit a JavaScript number exactly`, {
        where,
      });
    }
    return Number(value);
  }
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  if (ArrayBuffer.isView(value))
    return Array.from(value as unknown as ArrayLike<number | bigint>, (item, index) =>
      plainValue(item, `${where}[${index}]`),
    );
  if (Array.isArray(value)) return value.map((item, index) => plainValue(item, `${where}[${index}]`));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = plainValue(item, `${where}.${key}`);
    return out;
  }
  return value;
}
