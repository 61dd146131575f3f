/**
 * Per-run cgroups (v1) for memory, pids and CPU accounting. Each sandbox owns a directory
 * `<controller>/<parent>/<pid>-<start>-<n>/`; each run gets `run-<k>` inside it. A sandbox that
 * opens later sweeps owner directories whose process is dead.
 */
import { mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ownerAlive } from './host.ts';

export type Controller = 'memory' | 'pids' | 'cpuacct';

export const CONTROLLERS: readonly Controller[] = ['memory', 'pids', 'cpuacct'];

export const CGROUP_MOUNT = '/sys/fs/cgroup';

/** Directory under which owner directories go, for one controller, or null when it is unusable. */
export function usableCgroupBase(controller: Controller, parentName: string): string | null {
  const base = join(CGROUP_MOUNT, controller, parentName);
  const probe = join(base, `probe-${process.pid}-${Date.now()}`);
  try {
    mkdirSync(base, { recursive: true });
    mkdirSync(probe);
    rmdirSync(probe);
    return base;
  } catch {
    return null;
  }
}

export interface RunCgroupStats {
  oomKills: number;
  maxUsageBytes: number | null;
  cpuMs: number | null;
  /** Times a fork failed because pids.max was reached. */
  forkDenials: number;
}

export class RunCgroup {
  private constructor(readonly paths: Partial<Record<Controller, string>>) {}

  /** Creates `run-<id>` under each owner directory; `limit` writes the limits. */
  static create(owners: Partial<Record<Controller, string>>, id: string): RunCgroup {
    const paths: Partial<Record<Controller, string>> = {};
    for (const controller of CONTROLLERS) {
      const owner = owners[controller];
      if (!owner) continue;
      const path = join(owner, `run-${id}`);
      mkdirSync(path);
      paths[controller] = path;
    }
    return new RunCgroup(paths);
  }

  /** Writes the memory and process limits (before the program starts). */
  limit(limits: { memoryMb: number; processes: number }): void {
    const { memory, pids } = this.paths;
    if (memory) {
      const bytes = String(Math.floor(limits.memoryMb * 1024 * 1024));
      writeFileSync(join(memory, 'memory.limit_in_bytes'), bytes);
      // where swap exists, memory+swap gets the same cap so the program cannot swap its way past it
      tryWrite(join(memory, 'memory.memsw.limit_in_bytes'), bytes);
    }
    if (pids) writeFileSync(join(pids, 'pids.max'), String(limits.processes));
  }

  directories(): string[] {
    return Object.values(this.paths);
  }

  stats(): RunCgroupStats {
    const { memory, cpuacct, pids } = this.paths;
    const oomLine = memory ? /oom_kill (\d+)/.exec(readOr(join(memory, 'memory.oom_control'), '')) : null;
    const maxUsage = memory ? Number(readOr(join(memory, 'memory.max_usage_in_bytes'), 'NaN')) : Number.NaN;
    const cpuNs = cpuacct ? Number(readOr(join(cpuacct, 'cpuacct.usage'), 'NaN')) : Number.NaN;
    const denials = pids ? /max (\d+)/.exec(readOr(join(pids, 'pids.events'), '')) : null;
    return {
      oomKills: oomLine ? Number(oomLine[1]) : 0,
      maxUsageBytes: Number.isFinite(maxUsage) ? maxUsage : null,
      cpuMs: Number.isFinite(cpuNs) ? cpuNs / 1e6 : null,
      forkDenials: denials ? Number(denials[1]) : 0,
    };
  }

  /** Kills whatever is left inside and removes the directories. */
  async destroy(): Promise<void> {
    for (const path of this.directories()) await removeCgroup(path);
  }
}

/** SIGKILLs every task in a cgroup and removes it, retrying while the tasks finish dying. */
export async function removeCgroup(path: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    for (const pid of readOr(join(path, 'cgroup.procs'), '').split('\n').filter(Boolean)) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // already gone
      }
    }
    try {
      rmdirSync(path);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      await sleep(attempt < 10 ? 1 : 10);
    }
  }
}

/** Removes owner directories (and their runs) whose owning process is dead. */
export async function sweepStaleCgroups(base: string): Promise<void> {
  for (const owner of listDirectories(base)) {
    if (ownerAlive(owner)) continue;
    await removeOwnerCgroup(join(base, owner));
  }
}

export async function removeOwnerCgroup(ownerPath: string): Promise<void> {
  for (const run of listDirectories(ownerPath)) await removeCgroup(join(ownerPath, run));
  await removeCgroup(ownerPath);
}

function listDirectories(path: string): string[] {
  try {
    return readdirSync(path, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
  } catch {
    return [];
  }
}

function readOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return fallback;
  }
}

function tryWrite(path: string, value: string): void {
  try {
    writeFileSync(path, value);
  } catch {
    // the file exists only with swap accounting enabled
  }
}
