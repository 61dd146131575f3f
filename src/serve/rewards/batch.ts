/**
 * The `/v1/verify` wire format, as pure functions. A batch is a JSON array of rows (or `{rows: […]}`);
 * each row is `{domain, response, …task fields}` plus an optional `id` that is echoed back. Each row
 * is planned on its own: a bad row becomes an error verdict naming its index, never a failed batch.
 */
import { failed, type Verdict } from '../../core/verdict.ts';
import { type VerifierDomain, verifierDomainSchema } from '../../verifiers/registry.ts';
import { isRecord, prepareRow } from '../../verifiers/rows.ts';

/** A row id the service echoes back: any JSON string or number. */
export type RowId = string | number;

/** One answer per row, in request order. */
export interface RowVerdict extends Verdict {
  id?: RowId;
}

/** A row ready to verify, or the verdict it already has. */
export type RowPlan =
  | { kind: 'verify'; index: number; id?: RowId; domain: VerifierDomain; response: string; task: unknown }
  | { kind: 'done'; index: number; id?: RowId; domain?: VerifierDomain; verdict: Verdict };

/** The rows of a request body, or why the body is not a batch. */
export function batchRows(body: unknown): { rows: unknown[] } | { error: string } {
  if (Array.isArray(body)) return { rows: body };
  if (isRecord(body) && Array.isArray(body.rows)) return { rows: body.rows };
  return { error: 'the body must be a JSON array of rows or an object {"rows": [...]}' };
}

function rowId(row: Record<string, unknown>): RowId | undefined {
  return typeof row.id === 'string' || typeof row.id === 'number' ? row.id : undefined;
}

export function planRow(row: unknown, index: number, served: ReadonlySet<VerifierDomain>): RowPlan {
  const where = `row ${index}`;
  if (!isRecord(row))
    return { kind: 'done', index, verdict: failed('error', `${where}: a row must be a JSON object`) };
  const id = rowId(row);
  const choices = [...served].join(', ');
  if (typeof row.domain !== 'string') {
    const verdict = failed('error', `${where}: missing string field "domain"; choose one of ${choices}`);
    return { kind: 'done', index, id, verdict };
  }
  const known = verifierDomainSchema.safeParse(row.domain);
  if (!known.success) {
    const verdict = failed('error', `${where}: unknown domain "${row.domain}"; choose one of ${choices}`);
    return { kind: 'done', index, id, verdict };
  }
  const domain = known.data;
  if (!served.has(domain)) {
    const verdict = failed(
      'error',
      `${where}: domain "${domain}" is not served here; choose one of ${choices}`,
    );
    return { kind: 'done', index, id, domain, verdict };
  }
  const prepared = prepareRow(domain, row, where);
  if ('verdict' in prepared) return { kind: 'done', index, id, domain, verdict: prepared.verdict };
  return { kind: 'verify', index, id, domain, response: prepared.response, task: prepared.task };
}

/** The verdict as the wire carries it: the row's id first when it had one. */
export function rowVerdict(verdict: Verdict, id: RowId | undefined): RowVerdict {
  const { reward, correct, status, reason, details } = verdict;
  return id === undefined
    ? { reward, correct, status, reason, details }
    : { id, reward, correct, status, reason, details };
}
