/**
 * Reading a recipe: YAML text → plain object → profile and --set overrides → zod. An invalid recipe
 * is one error listing every problem by key path, with the YAML line when the key is in the file.
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { CascadeError } from '../core/errors.ts';
import { parseAssignment, setPath } from './overrides.ts';
import { type Recipe, RecipeSchema } from './recipe.ts';

export interface RecipeOverrides {
  /** A profile name from the recipe's `profiles`. */
  profile?: string;
  /** `path=value` assignments, applied after the profile. */
  sets?: readonly string[];
}

/** Parses recipe text; `file` names it in errors. Pure: no I/O. */
export function parseRecipe(text: string, file: string, overrides: RecipeOverrides = {}): Recipe {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (document.errors.length > 0) {
    const [error] = document.errors;
    const { line, col } = lines.linePos(error.pos[0]);
    throw new CascadeError('recipe.yaml', error.message.split('\n')[0], { where: `${file}:${line}:${col}` });
  }
  let raw: unknown = document.toJS();
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new CascadeError('recipe.yaml', 'a recipe is a YAML mapping', { where: file });
  raw = applyOverrides(raw, overrides, file);
  const result = RecipeSchema.safeParse(raw);
  if (!result.success) throw recipeError(result.error, file, (path) => lineOf(document, lines, path));
  return result.data;
}

export function loadRecipe(file: string, overrides: RecipeOverrides = {}): Recipe {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CascadeError('recipe.read', `cannot read the recipe: ${(error as Error).message}`, {
      where: file,
    });
  }
  return parseRecipe(text, file, overrides);
}

function applyOverrides(raw: unknown, overrides: RecipeOverrides, file: string): unknown {
  let result = raw;
  if (overrides.profile !== undefined) {
    const profiles = (raw as { profiles?: Record<string, Record<string, unknown>> }).profiles ?? {};
    const profile = profiles[overrides.profile];
    if (!profile)
      throw new CascadeError(
        'recipe.profile',
        `no profile "${overrides.profile}" (the recipe has: ${Object.keys(profiles).join(', ') || 'none'})`,
        { where: file },
      );
    for (const [path, value] of Object.entries(profile)) result = setPath(result, path, value);
  }
  for (const assignment of overrides.sets ?? []) {
    const { path, value } = parseAssignment(assignment);
    result = setPath(result, path, value);
  }
  return result;
}

/** The 1-based line of the deepest key of `path` that the YAML document has. */
function lineOf(
  document: ReturnType<typeof parseDocument>,
  lines: LineCounter,
  path: readonly PropertyKey[],
): number | undefined {
  for (let depth = path.length; depth > 0; depth--) {
    const node = document.getIn(path.slice(0, depth) as (string | number)[], true) as
      | { range?: [number, number, number] }
      | undefined;
    if (node?.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}

function recipeError(
  error: z.ZodError,
  file: string,
  lineOfPath: (path: readonly PropertyKey[]) => number | undefined,
): CascadeError {
  const problems = error.issues.map((issue) => {
    const key = issue.path.map(String).join('.') || '(top level)';
    const line = lineOfPath(issue.path);
    return `  ${key}${line ? ` (line ${line})` : ''}: ${issue.message}`;
  });
  return new CascadeError('recipe.invalid', `invalid recipe:\n${problems.join('\n')}`, { where: file });
}
