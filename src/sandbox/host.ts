/** Reads what the host offers: the system directories a program may see and the tools to run it. */
import { existsSync, lstatSync, readFileSync, readlinkSync } from 'node:fs';
import type { HostLayout } from './bwrap-args.ts';

/** Top-level entries that are part of the system; everything else (/root, /home, /work, /tmp…) stays hidden. */
const SYSTEM_TOP_LEVEL = ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];

/** The `/etc` entries programs need (dynamic loader, alternatives, time zone); no passwd, no secrets. */
const ETC_ENTRIES = [
  '/etc/ld.so.cache',
  '/etc/ld.so.conf',
  '/etc/ld.so.conf.d',
  '/etc/alternatives',
  '/etc/localtime',
];

/** Directories searched for interpreters and compilers; all of them lie under what the sandbox binds. */
const TOOL_DIRECTORIES = ['/usr/local/bin', '/usr/bin', '/bin'];

export function readHostLayout(): HostLayout {
  const layout: HostLayout = { symlinks: {}, directories: ['/usr'], etcEntries: [] };
  for (const entry of SYSTEM_TOP_LEVEL) {
    const stat = lstatOrNull(entry);
    if (stat?.isSymbolicLink()) layout.symlinks[entry] = readlinkSync(entry);
    else if (stat?.isDirectory()) layout.directories.push(entry);
  }
  layout.etcEntries = ETC_ENTRIES.filter((entry) => existsSync(entry));
  return layout;
}

/** First executable named `name` in the system tool directories (never the caller's PATH or home). */
export function findSystemTool(name: string): string | null {
  for (const directory of TOOL_DIRECTORIES) {
    const path = `${directory}/${name}`;
    if (existsSync(path)) return path;
  }
  return null;
}

function lstatOrNull(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}

/**
 * A name for this process that stays unique after it dies: pid plus kernel start time, so a later
 * process that reuses the pid is not taken for the owner of old scratch files.
 */
export function processIdentity(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // fields after the command name (which may hold spaces and parentheses); start time is field 22
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return `${pid}-${fields[19]}`;
  } catch {
    return null;
  }
}

/** Whether the process that named an owner directory `<pid>-<start>-…` is still alive. */
export function ownerAlive(ownerName: string): boolean {
  const match = /^(\d+)-(\d+)(?:-|$)/.exec(ownerName);
  if (!match) return true; // not ours to judge: leave it alone
  return processIdentity(Number(match[1])) === `${match[1]}-${match[2]}`;
}
