/**
 * Builds the command line that runs one program: cgroup join (sh) → rlimits (prlimit) → bubblewrap
 * → the program. Pure: takes what the host looks like and returns argv, so tests can read it.
 */
import type { Limits } from './types.ts';

/** Top-level entries of the host's `/` that a program may see, and how. */
export interface HostLayout {
  /** e.g. `{ '/bin': 'usr/bin' }` on merged-/usr systems. */
  symlinks: Record<string, string>;
  /** System directories bound read-only, e.g. `/usr`, or `/lib` where it is a real directory. */
  directories: string[];
  /** Individual `/etc` entries bound read-only (dynamic loader cache, alternatives, time zone). */
  etcEntries: string[];
}

/** Where the program's working directory `/sandbox` comes from. */
export type Workspace =
  /** Compilation: a host directory bound read-write (the compiler writes the binary there). */
  | { kind: 'bind'; hostDirectory: string }
  /** Execution: a fresh size-capped tmpfs with the program's files bound read-only inside. */
  | { kind: 'tmpfs'; sizeBytes: number; readOnlyFiles: { host: string; inside: string }[] };

export interface CommandPlan {
  layout: HostLayout;
  workspace: Workspace;
  limits: Limits;
  /** Absolute path of the program inside the sandbox (interpreter or binary) and its arguments. */
  command: string[];
  env: Record<string, string>;
  /** Cgroup directories the process joins before anything else runs; empty where none are usable. */
  cgroups: string[];
  /** RLIMIT_AS in bytes, only where no memory cgroup can do the job (never for V8). */
  addressSpaceBytes?: number;
  /** RLIMIT_NPROC, only where no pids cgroup can do the job (best effort: see README.md). */
  processLimitFallback?: number;
  /** Paths of the three host tools. */
  tools: { sh: string; prlimit: string; bwrap: string };
}

/** Marker the cgroup-join step prints when it fails, so that failure is a sandbox error. */
export const CGROUP_JOIN_FAILED = 'cascade-sandbox: cannot join cgroup';

export const SANDBOX_DIRECTORY = '/sandbox';

/** The unprivileged user the program runs as, inside its own user namespace. */
const SANDBOX_UID = '65534';

const JOIN_CGROUPS =
  'while [ "$1" != -- ]; do echo $$ > "$1/cgroup.procs" || { echo "' +
  CGROUP_JOIN_FAILED +
  ' $1" >&2; exit 125; }; shift; done; shift;';

/** Joins the cgroups named before `--`, then execs what follows. */
const JOIN_CGROUPS_THEN_EXEC = `${JOIN_CGROUPS} exec "$@"`;

/**
 * Joins the cgroups, then waits for one line on fd 3 naming a launch script (see launchScript),
 * closes fd 3 and sources the script, which execs the chain. EOF on fd 3 (the caller gave up or
 * died) ends the shell.
 */
const JOIN_CGROUPS_THEN_WAIT = `${JOIN_CGROUPS} IFS= read -r launch <&3 || exit 124; exec 3<&-; . "$launch"`;

export function buildCommand(plan: CommandPlan): string[] {
  return [
    plan.tools.sh,
    '-c',
    JOIN_CGROUPS_THEN_EXEC,
    'cascade-sandbox',
    ...plan.cgroups,
    '--',
    ...launchCommand(plan),
  ];
}

/** The chain after the cgroup join: prlimit → bwrap → the program. */
export function launchCommand(plan: CommandPlan): string[] {
  return [
    plan.tools.prlimit,
    ...prlimitArgs(plan),
    '--',
    plan.tools.bwrap,
    ...bwrapArgs(plan),
    '--',
    ...plan.command,
  ];
}

/** A shell that joins `cgroups` now and runs a launch script later (standby.ts). */
export function standbyCommand(sh: string, cgroups: string[]): string[] {
  return [sh, '-c', JOIN_CGROUPS_THEN_WAIT, 'cascade-sandbox', ...cgroups, '--'];
}

/** A script for the standby shell to source: one `exec` of argv, every word single-quoted. */
export function launchScript(argv: string[]): string {
  return `exec ${argv.map(shellQuote).join(' ')}\n`;
}

/** POSIX single quoting: nothing inside '…' is special except the quote itself. */
export function shellQuote(word: string): string {
  return `'${word.replaceAll("'", "'\\''")}'`;
}

export function prlimitArgs(plan: CommandPlan): string[] {
  const { limits } = plan;
  const cpuSeconds = Math.max(1, Math.ceil(limits.cpuMs / 1000));
  const fileBytes = Math.ceil(limits.fileSizeMb * 1024 * 1024);
  // deep recursion is normal in contest code: let the stack grow up to the memory limit
  const stackBytes = Math.ceil(limits.memoryMb * 1024 * 1024);
  const args = [
    // soft limit sends SIGXCPU, the hard one a second later SIGKILL, for programs that catch it
    `--cpu=${cpuSeconds}:${cpuSeconds + 1}`,
    `--fsize=${fileBytes}`,
    `--stack=${stackBytes}`,
    '--nofile=256',
    '--core=0',
  ];
  if (plan.addressSpaceBytes !== undefined) args.push(`--as=${plan.addressSpaceBytes}`);
  if (plan.processLimitFallback !== undefined) args.push(`--nproc=${plan.processLimitFallback}`);
  return args;
}

export function bwrapArgs(plan: CommandPlan): string[] {
  const args: string[] = [];
  for (const directory of plan.layout.directories) args.push('--ro-bind', directory, directory);
  for (const [link, target] of Object.entries(plan.layout.symlinks)) args.push('--symlink', target, link);
  for (const entry of plan.layout.etcEntries) args.push('--ro-bind', entry, entry);
  args.push('--proc', '/proc', '--dev', '/dev');
  args.push('--size', String(Math.ceil(plan.limits.fileSizeMb * 1024 * 1024)), '--tmpfs', '/tmp');
  const workspace = plan.workspace;
  if (workspace.kind === 'bind') {
    args.push('--bind', workspace.hostDirectory, SANDBOX_DIRECTORY);
  } else {
    args.push('--size', String(workspace.sizeBytes), '--tmpfs', SANDBOX_DIRECTORY);
    for (const file of workspace.readOnlyFiles) args.push('--ro-bind', file.host, file.inside);
  }
  args.push(
    '--chdir',
    SANDBOX_DIRECTORY,
    // no network, own pids, ipc, uts and cgroup namespaces; own user namespace without capabilities
    '--unshare-all',
    '--unshare-user',
    '--uid',
    SANDBOX_UID,
    '--gid',
    SANDBOX_UID,
    '--cap-drop',
    'ALL',
    '--hostname',
    'sandbox',
    '--die-with-parent',
    '--new-session',
    '--clearenv',
  );
  for (const [name, value] of Object.entries(plan.env)) args.push('--setenv', name, value);
  return args;
}
