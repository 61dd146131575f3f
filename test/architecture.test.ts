import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';

// The layering of docs/design.md: a folder imports only the folders listed for it.
const ALLOWED: Record<string, string[]> = {
  core: [],
  data: ['core'],
  tokenizer: ['core'],
  chat: ['core', 'tokenizer'],
  checkpoint: ['core'],
  rl: ['core'],
  sandbox: ['core'],
  verifiers: ['core', 'sandbox', 'chat', 'data'],
  engine: ['core', 'checkpoint', 'tokenizer'],
  train: ['core', 'data', 'chat', 'checkpoint', 'rl', 'engine', 'verifiers', 'tokenizer', 'sandbox'],
  eval: ['core', 'data', 'chat', 'checkpoint', 'engine', 'verifiers', 'tokenizer', 'sandbox'],
  serve: ['core', 'chat', 'engine', 'verifiers', 'tokenizer', 'data', 'sandbox', 'checkpoint'],
  cascade: [
    'core',
    'data',
    'tokenizer',
    'chat',
    'checkpoint',
    'rl',
    'sandbox',
    'verifiers',
    'engine',
    'train',
    'eval',
  ],
  cli: ['*'],
};

const SRC = resolve(import.meta.dirname, '../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|js|mjs)$/.test(name) ? [path] : [];
  });
}

test('every import follows the layer table of design.md', () => {
  const violations: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const layer = relative(SRC, file).split('/')[0];
    const allowed = ALLOWED[layer];
    assert.ok(allowed, `src/${layer} is not a layer in design.md`);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(
      /(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g,
    )) {
      const target = resolve(dirname(file), match[1] ?? match[2]);
      const targetLayer = relative(SRC, target).split('/')[0];
      if (targetLayer.startsWith('..')) continue;
      if (targetLayer === layer || allowed.includes('*') || allowed.includes(targetLayer)) continue;
      violations.push(`${relative(SRC, file)} imports ${targetLayer}/ (${match[1] ?? match[2]})`);
    }
  }
  assert.deepEqual(violations, []);
});

test('nothing imports the CLI, and engine and verifiers never import each other', () => {
  for (const file of sourceFiles(SRC)) {
    const layer = relative(SRC, file).split('/')[0];
    const text = readFileSync(file, 'utf8');
    if (layer !== 'cli') assert.doesNotMatch(text, /from\s+['"][./]+cli\//, `${file} imports the CLI`);
    if (layer === 'engine')
      assert.doesNotMatch(text, /from\s+['"][./]+verifiers\//, `${file} imports verifiers`);
    if (layer === 'verifiers')
      assert.doesNotMatch(text, /from\s+['"][./]+engine\//, `${file} imports engine`);
  }
});
