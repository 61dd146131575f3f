/**
 * SEARCH/REPLACE edits exactly as SWE-RL parses and applies them (verifiers-reference §5): one edit
 * per fenced block (```python or ```diff), `### path` on the fence's first line, then
 * `<<<<<<< SEARCH`, `=======`, `>>>>>>> REPLACE`. Every occurrence of the search text (anchored at
 * a line start) is replaced, as Python's `str.replace` does.
 */
import { EditFormatError } from './edit-error.ts';

export type SearchReplaceEdits = Map<string, { search: string; replace: string }[]>;

// SWE-RL's SEARCH_REPLACE_REGEX with Python's `.` (anything but \n) written as [^\n]
const SEARCH_REPLACE_BLOCK =
  /```[^\n]*?\n### ([^\n]*)\n<<<<<<< SEARCH\n([\s\S]*?)\n=======\n([\s\S]*?)\n>>>>>>> REPLACE\n```/g;

/** Edits grouped by path, in order of appearance; an empty map when there are none. */
export function parseSearchReplace(text: string): SearchReplaceEdits {
  const edits: SearchReplaceEdits = new Map();
  for (const [, path, search, replace] of text.matchAll(SEARCH_REPLACE_BLOCK)) {
    const list = edits.get(path) ?? [];
    list.push({ search, replace });
    edits.set(path, list);
  }
  return edits;
}

/** SWE-RL's `apply_code_change`: the new content of each edited file (a missing file starts empty). */
export function applySearchReplace(
  files: Readonly<Record<string, string>>,
  edits: SearchReplaceEdits,
): Record<string, string> {
  const changed: Record<string, string> = {};
  for (const [path, pathEdits] of edits) {
    // the leading "\n" makes a search block match only at a line start (keeps indentation honest)
    let content = `\n${files[path] ?? ''}`;
    for (const { search, replace } of pathEdits) {
      if (search === replace) throw new EditFormatError('Search and replace blocks are identical');
      const anchoredSearch = `\n${search}`;
      if (!content.includes(anchoredSearch)) {
        throw new EditFormatError(`Search block not found in the code: ${anchoredSearch}`);
      }
      content = content.split(anchoredSearch).join(`\n${replace}`);
    }
    changed[path] = content.slice(1);
  }
  return changed;
}
