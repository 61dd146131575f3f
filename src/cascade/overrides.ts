/**
 * `path=value` overrides (--set and profiles) on a plain recipe object. A path is dotted keys; inside
 * an array a key is an element's `name` (`stages.math-rl.grpo.groupSize`) or its index (`stages.3`).
 */
import { parse as parseYamlValue } from 'yaml';
import { CascadeError } from '../core/errors.ts';

/** Parses `key.path=value`; the value is read as YAML, so `3`, `1e-6`, `true`, `[a, b]` are typed. */
export function parseAssignment(text: string): { path: string; value: unknown } {
  const equals = text.indexOf('=');
  if (equals <= 0)
    throw new CascadeError('recipe.set', `expected path=value, got "${text}"`, { where: '--set' });
  const path = text.slice(0, equals).trim();
  const raw = text.slice(equals + 1);
  return { path, value: raw === '' ? '' : parseYamlValue(raw) };
}

function childKey(container: unknown, key: string, path: string): string | number {
  if (!Array.isArray(container)) return key;
  const byName = container.findIndex(
    (element) =>
      typeof element === 'object' && element !== null && (element as { name?: unknown }).name === key,
  );
  if (byName >= 0) return byName;
  if (/^\d+$/.test(key) && Number(key) < container.length) return Number(key);
  throw new CascadeError('recipe.set', `no element named "${key}" (or index) in this list`, { where: path });
}

/** Returns a copy of `root` with `value` at `path`; intermediate objects are created as needed. */
export function setPath(root: unknown, path: string, value: unknown): unknown {
  const keys = path.split('.').filter((key) => key !== '');
  if (keys.length === 0) throw new CascadeError('recipe.set', 'empty path', { where: path });
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node: Record<string | number, unknown> = copy;
  for (const [index, key] of keys.entries()) {
    const at = childKey(node, key, keys.slice(0, index + 1).join('.'));
    if (index === keys.length - 1) {
      node[at] = value;
      break;
    }
    const next = node[at];
    if (next === undefined || next === null) node[at] = {};
    else if (typeof next !== 'object')
      throw new CascadeError('recipe.set', `cannot set a key inside a ${typeof next}`, {
        where: keys.slice(0, index + 1).join('.'),
      });
    node = node[at] as Record<string | number, unknown>;
  }
  return copy;
}
