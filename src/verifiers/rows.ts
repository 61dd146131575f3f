/**
 * Scores one JSON row with an opened domain verifier: the row carries a `response` plus the domain's
 * task fields. Anything wrong with the row (not an object, no response, a bad task field) or a
 * verifier that throws becomes a Verdict with status 'error' whose reason starts with `where`
 * (`line 4`, `row 2`), so batch callers (`cascade verify`, the reward service) never fail a batch.
 */
import { failed, type Verdict } from '../core/verdict.ts';
import { type OpenedVerifier, type VerifierDomain, verifierRegistry } from './registry.ts';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The response text of a row; tool rows may carry structured `tool_calls` instead. */
export function responseOf(domain: VerifierDomain, row: Record<string, unknown>): string | undefined {
  if (typeof row.response === 'string') return row.response;
  if (domain === 'tool' && row.response === undefined && Array.isArray(row.tool_calls)) return '';
  return undefined;
}

/** The row's response and parsed task, or the error verdict saying what is wrong with it. */
export function prepareRow(
  domain: VerifierDomain,
  row: unknown,
  where: string,
): { response: string; task: unknown } | { verdict: Verdict } {
  if (!isRecord(row)) return { verdict: failed('error', `${where}: a row must be a JSON object`) };
  const response = responseOf(domain, row);
  if (response === undefined)
    return { verdict: failed('error', `${where}: missing string field "response"`) };
  const task = verifierRegistry[domain].taskSchema.safeParse(row);
  if (!task.success) {
    const issue = task.error.issues[0];
    const path = issue.path.length > 0 ? issue.path.join('.') : 'row';
    return { verdict: failed('error', `${where}: bad ${domain} row at ${path}: ${issue.message}`) };
  }
  return { response, task: task.data };
}

/** Runs the verifier on a prepared row; a throw or a non-scored verdict names `where` in its reason. */
export async function verifyPrepared(
  verifier: OpenedVerifier<unknown>,
  prepared: { response: string; task: unknown },
  where: string,
  timeoutMs?: number,
): Promise<Verdict> {
  const context = timeoutMs === undefined ? {} : { timeoutMs, signal: AbortSignal.timeout(timeoutMs) };
  try {
    const verdict = await verifier.verify(prepared.task, prepared.response, context);
    return verdict.status === 'scored' ? verdict : { ...verdict, reason: `${where}: ${verdict.reason}` };
  } catch (error) {
    return failed('error', `${where}: verifier failed: ${(error as Error).message}`);
  }
}

/** prepareRow then verifyPrepared: one row in, one Verdict out, never a throw. */
export async function verifyRow(
  domain: VerifierDomain,
  verifier: OpenedVerifier<unknown>,
  row: unknown,
  where: string,
  timeoutMs?: number,
): Promise<Verdict> {
  const prepared = prepareRow(domain, row, where);
  if ('verdict' in prepared) return prepared.verdict;
  return verifyPrepared(verifier, prepared, where, timeoutMs);
}
