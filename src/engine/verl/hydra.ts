/**
 * A flat verl config (dotted key → value) as the three things that carry it: Hydra override
 * strings (`key=value`, `+key=value` for keys verl's defaults lack), a shell command line (Ray runs
 * a job's entrypoint through a shell), and a nested YAML document for people to read.
 */
import { stringify } from 'yaml';
import type { VerlFlatConfig, VerlKeySpec, VerlValue } from './schema.ts';

// Hydra reads these unquoted as one plain string (paths, URLs, names)
const PLAIN = /^[A-Za-z_/.][A-Za-z0-9_./:@+-]*$/;
const LOOKS_TYPED = /^(true|false|null|[+-]?(\d[\d_]*)?\.?\d*([eE][+-]?\d+)?|inf|nan)$/i;

/** One string in Hydra's override grammar: plain when unambiguous, else single-quoted. */
export function hydraString(value: string): string {
  if (PLAIN.test(value) && !LOOKS_TYPED.test(value)) return value;
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

export function hydraValue(value: VerlValue): string {
  if (Array.isArray(value)) return `[${value.map(hydraString).join(',')}]`;
  if (typeof value === 'string') return hydraString(value);
  return String(value);
}

/** `key=value` per entry, `+key=value` where the schema says verl's defaults lack the key. */
export function toHydraOverrides(config: VerlFlatConfig, keys: Record<string, VerlKeySpec>): string[] {
  return Object.entries(config).map(
    ([key, value]) => `${keys[key]?.new ? '+' : ''}${key}=${hydraValue(value)}`,
  );
}

/** POSIX shell single-quoting. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@+,-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

export function shellCommand(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}

/** `{a.b: 1, a.c: 2}` → `{a: {b: 1, c: 2}}`, keys in the order given. */
export function nestConfig(config: VerlFlatConfig): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    const parts = key.split('.');
    let node = root;
    for (const part of parts.slice(0, -1)) {
      node[part] ??= {};
      node = node[part] as Record<string, unknown>;
    }
    node[parts[parts.length - 1]] = value;
  }
  return root;
}

export function toConfigYaml(config: VerlFlatConfig, header: string[]): string {
  const comments = header.map((line) => `# ${line}\n`).join('');
  return comments + stringify(nestConfig(config), { lineWidth: 0 });
}
