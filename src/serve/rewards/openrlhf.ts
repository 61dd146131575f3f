/**
 * OpenRLHF's remote reward protocol (`--reward.remote_url http://host:port/openrlhf`), as pure
 * functions. OpenRLHF POSTs `{query, prompts, labels}`: `query[i]` is the prompt and the response
 * rendered with the chat template, `prompts[i]` the prompt alone, `labels[i]` the dataset's label
 * column. It reads `rewards` (one float per query) from the answer; `scores` and `extra_logs` are
 * what its reward-function variant returns, so both are sent too.
 *
 * A label that is a JSON object is the Cascade row itself (`{"domain": "ifeval", …task fields}`);
 * any other label is the gold `answer` of the endpoint's default domain (`/openrlhf?domain=math`).
 */
import { isRecord } from '../../verifiers/rows.ts';
import type { RowVerdict } from './batch.ts';

export interface OpenRlhfResponse {
  rewards: number[];
  scores: number[];
  extra_logs: { correct: number[]; error: number[] };
}

function stringList(value: unknown, key: string, length?: number): string[] | string {
  if (!Array.isArray(value)) return `"${key}" must be a list`;
  if (length !== undefined && value.length !== length)
    return `"${key}" has ${value.length} entries but "query" has ${length}`;
  return value.map((item) => (typeof item === 'string' ? item : item == null ? '' : JSON.stringify(item)));
}

/** End-of-turn tokens a decoded query may still carry (Qwen/ChatML, Llama 3, Llama 2, GPT-2 style). */
const END_TOKENS = ['<|im_end|>', '<|endoftext|>', '<|eot_id|>', '<|end_of_text|>', '</s>'];

/**
 * The response part of a query: what follows the prompt (the whole query when it does not start
 * with it), without trailing end-of-turn tokens, which end-anchored IFEval checks would otherwise see.
 */
export function responseFromQuery(query: string, prompt: string): string {
  let response = prompt.length > 0 && query.startsWith(prompt) ? query.slice(prompt.length) : query;
  for (;;) {
    const trimmed = response.trimEnd();
    const token = END_TOKENS.find((end) => trimmed.endsWith(end));
    if (!token) return response;
    response = trimmed.slice(0, trimmed.length - token.length);
  }
}

/** The label as a Cascade row (without the response). */
export function labelRow(label: string, defaultDomain: string | undefined): Record<string, unknown> {
  const trimmed = label.trim();
  if (trimmed.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (isRecord(parsed)) return { domain: defaultDomain, ...parsed };
    } catch {
      // not JSON: a plain answer that happens to start with a brace, such as a LaTeX set
    }
  }
  return { domain: defaultDomain, answer: label };
}

/** The rows of an OpenRLHF request body, or why the body is not one. */
export function openRlhfRows(
  body: unknown,
  defaultDomain: string | undefined,
): { rows: Record<string, unknown>[] } | { error: string } {
  if (!isRecord(body))
    return { error: 'the body must be a JSON object {"query": [...], "prompts": [...], "labels": [...]}' };
  const queries = stringList(body.query, 'query');
  if (typeof queries === 'string') return { error: queries };
  const prompts =
    body.prompts == null ? queries.map(() => '') : stringList(body.prompts, 'prompts', queries.length);
  if (typeof prompts === 'string') return { error: prompts };
  const labels = body.labels == null ? undefined : stringList(body.labels, 'labels', queries.length);
  if (typeof labels === 'string') return { error: labels };
  const rows = queries.map((query, index) => {
    const label = labels?.[index];
    const row: Record<string, unknown> =
      label === undefined || label === '' ? { domain: defaultDomain } : labelRow(label, defaultDomain);
    // the prompt feeds verifiers that read it (IFEval's repeat-the-prompt, the language check)
    if (row.prompt === undefined && prompts[index] !== '') row.prompt = prompts[index];
    row.response = responseFromQuery(query, prompts[index]);
    return row;
  });
  return { rows };
}

export function openRlhfResponse(verdicts: readonly RowVerdict[]): OpenRlhfResponse {
  const rewards = verdicts.map((verdict) => verdict.reward);
  return {
    rewards,
    scores: [...rewards],
    extra_logs: {
      correct: verdicts.map((verdict) => (verdict.correct ? 1 : 0)),
      error: verdicts.map((verdict) => (verdict.status === 'scored' ? 0 : 1)),
    },
  };
}
