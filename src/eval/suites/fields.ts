/** Reading a benchmark row's fields by the names its publishers use, failing with the row named. */
import { CascadeError } from '../../core/errors.ts';
import type { SourceRow } from './files.ts';

/** The first of `names` present (not null) in the row. */
export function pick(source: SourceRow, names: readonly string[]): unknown {
  for (const name of names) {
    const value = source.row[name];
    if (value !== undefined && value !== null) return value;
  }
  return undefined;
}

/** A text field: strings as they are, numbers as their decimal text. */
export function textField(source: SourceRow, names: readonly string[]): string {
  const value = pick(source, names);
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  throw new CascadeError(
    'eval_data',
    `missing field: expected one of ${names.map((name) => JSON.stringify(name)).join(', ')}`,
    {
      where: source.where,
    },
  );
}

/** The item id: the first id field present, else `<file stem>-<row index>`. */
export function idField(source: SourceRow, names: readonly string[]): string {
  const value = pick(source, names);
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  const stem = (source.file.split('/').pop() ?? source.file).replace(/\.(jsonl|json|parquet)$/, '');
  return `${stem}-${source.index}`;
}

/** Ids must be unique: resumable runs key samples by them. */
export function assertUniqueIds(items: readonly { id: string; where: string }[], suite: string): void {
  const seen = new Map<string, string>();
  for (const item of items) {
    const first = seen.get(item.id);
    if (first)
      throw new CascadeError(
        'eval_data',
        `${suite}: id ${JSON.stringify(item.id)} also appears at ${first}`,
        { where: item.where },
      );
    seen.set(item.id, item.where);
  }
}

/** Validates a task with its verifier's schema, naming the row on failure. */
export function parseTask<T>(
  schema: {
    safeParse(
      value: unknown,
    ):
      | { success: true; data: T }
      | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
  },
  value: unknown,
  where: string,
): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CascadeError(
      'eval_data',
      `bad task: ${issue.path.map(String).join('.') || '(row)'}: ${issue.message}`,
      { where },
    );
  }
  return parsed.data;
}
