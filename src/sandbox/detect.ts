/** Finds out what isolation this machine offers, by trying it: bubblewrap is run once for real. */
import { execFileSync } from 'node:child_process';
import { buildCommand, type HostLayout } from './bwrap-args.ts';
import { CONTROLLERS, type Controller, usableCgroupBase } from './cgroup.ts';
import { execute } from './execute.ts';
import { findSystemTool, readHostLayout } from './host.ts';
import { DEFAULT_RUN_LIMITS } from './limits.ts';
import type { IsolationReport } from './types.ts';

export interface DetectOptions {
  /** Name of the cgroup directory created under each controller's mount. */
  cgroupParent?: string;
}

export interface Isolation {
  report: IsolationReport;
  layout: HostLayout;
  /** sh and prlimit, found in the system directories. */
  shell: string | null;
  prlimit: string | null;
}

export const DEFAULT_CGROUP_PARENT = 'cascade-sandbox';

export async function detectIsolation(options: DetectOptions = {}): Promise<Isolation> {
  const layout = readHostLayout();
  const shell = findSystemTool('sh');
  const prlimit = findSystemTool('prlimit');
  const bwrapPath = findSystemTool('bwrap');
  const cgroup = Object.fromEntries(
    CONTROLLERS.map((controller) => [
      controller,
      usableCgroupBase(controller, options.cgroupParent ?? DEFAULT_CGROUP_PARENT),
    ]),
  ) as Record<Controller, string | null>;
  const report: IsolationReport = {
    bubblewrap: { path: bwrapPath, version: bwrapPath ? versionOf(bwrapPath) : null, works: false },
    cgroup,
    tools: { python: findSystemTool('python3'), node: findSystemTool('node'), gxx: findSystemTool('g++') },
  };
  if (!bwrapPath) report.bubblewrap.problem = 'bwrap not found in /usr/bin or /bin';
  else if (!shell || !prlimit) report.bubblewrap.problem = 'sh or prlimit (util-linux) not found';
  else report.bubblewrap.problem = await probe({ layout, shell, prlimit, bwrap: bwrapPath });
  report.bubblewrap.works = report.bubblewrap.problem === undefined;
  return { report, layout, shell, prlimit };
}

/** One real sandboxed run of `sh -c 'exit 7'` with every option the sandbox uses; undefined when it works. */
async function probe(tools: { layout: HostLayout; shell: string; prlimit: string; bwrap: string }) {
  const argv = buildCommand({
    layout: tools.layout,
    workspace: { kind: 'tmpfs', sizeBytes: 1 << 20, readOnlyFiles: [] },
    limits: DEFAULT_RUN_LIMITS,
    command: [tools.shell, '-c', 'exit 7'],
    env: { PATH: '/usr/bin:/bin' },
    cgroups: [],
    tools: { sh: tools.shell, prlimit: tools.prlimit, bwrap: tools.bwrap },
  });
  const outcome = await execute({ argv, stdin: '', wallMs: 10_000, outputBytes: 64 << 10, env: {} });
  if (outcome.exitCode === 7) return undefined;
  const detail = outcome.spawnError ?? (outcome.stderr.trim() || `exit code ${outcome.exitCode}`);
  return `bubblewrap could not create the sandbox (${detail.split('\n')[0]})`;
}

function versionOf(path: string): string | null {
  try {
    return execFileSync(path, ['--version'], { encoding: 'utf8', timeout: 5_000 }).trim();
  } catch {
    return null;
  }
}
