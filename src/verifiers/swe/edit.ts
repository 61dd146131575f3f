/**
 * From a model response to the new contents of the files it edits: take the solution text, then
 * SEARCH/REPLACE blocks if there are any, else a unified diff. Every failure is an EditFormatError
 * (SWE-RL's FormatError, reward −1).
 */
import { EditFormatError } from './edit-error.ts';
import { applyUnifiedDiff } from './patch-apply.ts';
import { parseUnifiedDiff } from './patch-parse.ts';
import { applySearchReplace, parseSearchReplace } from './search-replace.ts';

export interface Solution {
  thought: string | null;
  answer: string;
}

const TAGS = ['<think>', '</think>', '<solution>', '</solution>'] as const;

function countOf(text: string, tag: string): number {
  return text.split(tag).length - 1;
}

/** SWE-RL's `extract_thought_solution`: each tag exactly once and a non-empty thought. */
export function extractSolutionStrict(response: string): Solution {
  for (const tag of TAGS) {
    if (countOf(response, tag) !== 1) throw new EditFormatError(`count of ${tag} is not 1`);
  }
  const thought = response.split('<think>')[1].split('</think>')[0].trim();
  const answer = response.split('<solution>')[1].split('</solution>')[0].trim();
  if (thought.length === 0) throw new EditFormatError('Thought is empty');
  return { thought, answer };
}

/**
 * The lenient reading for chat models whose template opens `<think>` in the prompt: the text after
 * the last `</think>` (an unclosed `<think>` is an error), narrowed to `<solution>…</solution>` if present.
 */
export function extractSolutionLenient(response: string): Solution {
  const close = response.lastIndexOf('</think>');
  if (close < 0 && response.includes('<think>'))
    throw new EditFormatError('reasoning never finished (no </think>)');
  const thought = close < 0 ? null : response.slice(0, close).replace('<think>', '').trim();
  let answer = close < 0 ? response : response.slice(close + '</think>'.length);
  const open = answer.indexOf('<solution>');
  const end = answer.lastIndexOf('</solution>');
  if (open >= 0 && end > open) answer = answer.slice(open + '<solution>'.length, end);
  return { thought, answer: answer.trim() };
}

export type EditFormat = 'search-replace' | 'unified-diff';

/** The diff text of the answer: the insides of ```diff/```patch fences if any hold a hunk, else the whole answer. */
function diffText(answer: string): string {
  const fenced = Array.from(answer.matchAll(/```[^\n]*\n([\s\S]*?)```/g), (match) => match[1]).filter(
    (body) => /^@@ /m.test(body),
  );
  return fenced.length > 0 ? fenced.join('\n') : answer;
}

/** New contents of the edited files, and which format the edit used. */
export function applyModelEdit(
  files: Readonly<Record<string, string>>,
  answer: string,
): { newContents: Record<string, string>; format: EditFormat } {
  const edits = parseSearchReplace(answer);
  if (edits.size > 0) return { newContents: applySearchReplace(files, edits), format: 'search-replace' };
  if (!/^@@ /m.test(answer)) throw new EditFormatError('No valid search blocks found');
  return { newContents: applyUnifiedDiff(files, parseUnifiedDiff(diffText(answer))), format: 'unified-diff' };
}
