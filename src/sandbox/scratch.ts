/**
 * Host-side scratch space. Every sandbox owns `<root>/<pid>-<start>-<n>/`; programs live in
 * directories below it. A sandbox that opens later removes owner directories whose process is dead,
 * so a killed parent leaves nothing behind for long.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CascadeError } from '../core/errors.ts';
import { ownerAlive, processIdentity } from './host.ts';

/** A fresh owner name for this process: `<pid>-<start time>-<random>`. */
export function newOwnerName(): string {
  const identity = processIdentity(process.pid) ?? `${process.pid}-0`;
  return `${identity}-${randomBytes(4).toString('hex')}`;
}

export function createOwnerDirectory(root: string, owner: string): string {
  const path = join(root, owner);
  mkdirSync(path, { recursive: true, mode: 0o700 });
  return path;
}

export function sweepStaleScratch(root: string): void {
  let entries: string[];
  try {
    entries = readdirSync(root);
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!ownerAlive(entry)) rmSync(join(root, entry), { recursive: true, force: true });
  }
}

export function createProgramDirectory(owner: string): string {
  return mkdtempSync(join(owner, 'prog-'));
}

/** A relative path with no `..`, no absolute start, no empty or dot segments: safe to place under a dir. */
export function checkRelativePath(path: string): string {
  const segments = path.split('/');
  const bad =
    path.length === 0 ||
    path.startsWith('/') ||
    path.includes('\0') ||
    segments.some((segment) => segment === '' || segment === '.' || segment === '..');
  if (bad)
    throw new CascadeError('sandbox_bad_file_path', `not a safe relative path: ${JSON.stringify(path)}`, {
      where: 'files',
    });
  return path;
}

export function writeFiles(directory: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    const target = join(directory, checkRelativePath(path));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
}
