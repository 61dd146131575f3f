/**
 * The sandbox: compiles and runs untrusted programs under bubblewrap, rlimits and per-run cgroups.
 * It fails closed: without working bubblewrap, opening it throws unless the caller passes
 * `unsafeNoSandbox: true` (trusted code only). README.md says what it does and does not protect against.
 */
import { lstatSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CascadeError } from '../core/errors.ts';
import {
  buildCommand,
  CGROUP_JOIN_FAILED,
  launchCommand,
  launchScript,
  SANDBOX_DIRECTORY,
  type Workspace,
} from './bwrap-args.ts';
import { type Controller, RunCgroup, removeOwnerCgroup, sweepStaleCgroups } from './cgroup.ts';
import { classify } from './classify.ts';
import { type DetectOptions, detectIsolation, type Isolation } from './detect.ts';
import { execute } from './execute.ts';
import { LANGUAGE_SPECS, sandboxEnv, type ToolPaths } from './languages.ts';
import { DEFAULT_COMPILE_LIMITS, DEFAULT_RUN_LIMITS, resolveLimits } from './limits.ts';
import {
  checkRelativePath,
  createOwnerDirectory,
  createProgramDirectory,
  newOwnerName,
  sweepStaleScratch,
  writeFiles,
} from './scratch.ts';
import { Standby, StandbyStock } from './standby.ts';
import type {
  CompiledProgram,
  CompileOutcome,
  IsolationReport,
  Language,
  Limits,
  RunInput,
  RunRequest,
  RunResult,
} from './types.ts';

export interface SandboxOptions extends DetectOptions {
  /** Runs programs without bubblewrap (rlimits and cgroups still apply). For trusted code only. */
  unsafeNoSandbox?: boolean;
  /** Host directory for scratch files; default `<os tmpdir>/cascade-sandbox`. */
  scratchRoot?: string;
  /** A detection already made (saves one bubblewrap start). */
  isolation?: Isolation;
  /**
   * Launchers kept ready in their cgroups (standby.ts), so a run does not wait for the cgroup
   * join; default os.availableParallelism(), 0 to join at each launch.
   */
  standby?: number;
}

export interface CompileRequest {
  language: Language;
  source: string;
  files?: Record<string, string>;
  /** Limits on the compiler (C++ only); missing fields take DEFAULT_COMPILE_LIMITS. */
  limits?: Partial<Limits>;
}

export interface Sandbox {
  readonly isolation: IsolationReport;
  /** True when programs run without bubblewrap. */
  readonly unsafe: boolean;
  /** Host directory holding this sandbox's programs (removed by close). */
  readonly scratchDirectory: string;
  /** This sandbox's cgroup directories, one per usable controller (removed by close). */
  readonly cgroupDirectories: readonly string[];
  /** Writes the program out and compiles it (C++), once; run it many times with runCompiled. */
  compileProgram(request: CompileRequest): Promise<CompileOutcome>;
  runCompiled(program: CompiledProgram, input?: RunInput): Promise<RunResult>;
  /** compileProgram + runCompiled + dispose; a compile failure comes back as the result. */
  runProgram(request: RunRequest): Promise<RunResult>;
  /** Removes this sandbox's scratch and cgroup directories. */
  close(): Promise<void>;
}

export async function openSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const isolation = options.isolation ?? (await detectIsolation(options));
  const { report } = isolation;
  const unsafe = options.unsafeNoSandbox === true;
  if (!report.bubblewrap.works && !unsafe) {
    throw new CascadeError(
      'sandbox_unavailable',
      `cannot run untrusted code: ${report.bubblewrap.problem}. ` +
        'HINT: install bubblewrap (`apt-get install -y bubblewrap`) and allow user namespaces; ' +
        'pass unsafeNoSandbox: true only for trusted code',
      { where: 'sandbox' },
    );
  }
  if (!isolation.shell || !isolation.prlimit) {
    throw new CascadeError(
      'sandbox_unavailable',
      'sh or prlimit not found. HINT: apt-get install -y util-linux',
      {
        where: 'sandbox',
      },
    );
  }
  const scratchRoot = options.scratchRoot ?? join(tmpdir(), 'cascade-sandbox');
  sweepStaleScratch(scratchRoot);
  const ownerName = newOwnerName();
  const ownerDirectory = createOwnerDirectory(scratchRoot, ownerName);
  const cgroupOwners: Partial<Record<Controller, string>> = {};
  for (const [controller, base] of Object.entries(report.cgroup) as [Controller, string | null][]) {
    if (!base) continue;
    await sweepStaleCgroups(base);
    cgroupOwners[controller] = createOwnerDirectory(base, ownerName);
  }
  const standby = options.standby ?? availableParallelism();
  return new BubblewrapSandbox(isolation, unsafe, ownerDirectory, cgroupOwners, standby);
}

/** Opens a sandbox, runs one program and closes it. Detection costs one bubblewrap start per call. */
export async function runProgram(request: RunRequest, options: SandboxOptions = {}): Promise<RunResult> {
  const sandbox = await openSandbox(options);
  try {
    return await sandbox.runProgram(request);
  } finally {
    await sandbox.close();
  }
}

class BubblewrapSandbox implements Sandbox {
  readonly isolation: IsolationReport;
  readonly scratchDirectory: string;
  readonly cgroupDirectories: readonly string[];
  private runCount = 0;
  private closed = false;
  /** Only where there are cgroups to join and bubblewrap runs (unsafe runs need a per-run cwd). */
  private readonly standbys: StandbyStock | null;

  constructor(
    private readonly detected: Isolation,
    readonly unsafe: boolean,
    private readonly ownerDirectory: string,
    private readonly cgroupOwners: Partial<Record<Controller, string>>,
    standbyCount: number,
  ) {
    this.isolation = detected.report;
    this.scratchDirectory = ownerDirectory;
    this.cgroupDirectories = Object.values(cgroupOwners);
    const useStandby = standbyCount > 0 && !unsafe && this.cgroupDirectories.length > 0;
    this.standbys = useStandby
      ? new StandbyStock(standbyCount, () =>
          Standby.start(detected.shell!, RunCgroup.create(cgroupOwners, String(this.runCount++))),
        )
      : null;
  }

  async compileProgram(request: CompileRequest): Promise<CompileOutcome> {
    this.assertOpen();
    const spec = LANGUAGE_SPECS[request.language];
    const tools = this.tools(request.language);
    if (typeof tools === 'string') return { result: sandboxError(tools) };
    const directory = createProgramDirectory(this.ownerDirectory);
    const dispose = async () => rmSync(directory, { recursive: true, force: true });
    const files = Object.keys(request.files ?? {}).map(checkRelativePath);
    writeFiles(directory, { ...(request.files ?? {}), [spec.sourceFile]: request.source });
    const program: CompiledProgram = {
      language: request.language,
      directory,
      entry: spec.entryFile,
      files,
      dispose,
    };
    if (!spec.compile) return { result: okResult(), program };
    const limits = resolveLimits(request.limits, DEFAULT_COMPILE_LIMITS);
    const result = await this.execute(
      spec.compile(tools),
      { kind: 'bind', hostDirectory: directory },
      limits,
      '',
      {
        directory,
        addressSpaceSafe: true,
      },
    );
    const binaryWritten = lstatOrNull(join(directory, spec.entryFile))?.isFile() === true;
    if (result.status === 'ok' && binaryWritten) return { result, program };
    await dispose();
    if (result.status === 'sandbox_error') return { result };
    const why = result.status === 'ok' ? 'the compiler wrote no binary' : `compiler: ${result.reason}`;
    return { result: { ...result, status: 'compile_error', reason: why } };
  }

  async runCompiled(program: CompiledProgram, input: RunInput = {}): Promise<RunResult> {
    this.assertOpen();
    const spec = LANGUAGE_SPECS[program.language];
    const tools = this.tools(program.language);
    if (typeof tools === 'string') return sandboxError(tools);
    const limits = resolveLimits(input.limits, DEFAULT_RUN_LIMITS);
    const inside = (path: string) =>
      this.unsafe ? join(program.directory, path) : `${SANDBOX_DIRECTORY}/${path}`;
    const workspace: Workspace = {
      kind: 'tmpfs',
      sizeBytes: Math.ceil(limits.fileSizeMb * 1024 * 1024),
      readOnlyFiles: [program.entry, ...program.files].map((path) => ({
        host: join(program.directory, path),
        inside: `${SANDBOX_DIRECTORY}/${path}`,
      })),
    };
    const command = spec.run(tools, inside(program.entry), input.argv ?? [], limits);
    return this.execute(command, workspace, limits, input.stdin ?? '', {
      directory: program.directory,
      addressSpaceSafe: spec.addressSpaceLimitSafe,
    });
  }

  async runProgram(request: RunRequest): Promise<RunResult> {
    const { result, program } = await this.compileProgram(request);
    if (!program) return result;
    try {
      return await this.runCompiled(program, request);
    } finally {
      await program.dispose();
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.standbys?.close();
    rmSync(this.ownerDirectory, { recursive: true, force: true });
    for (const owner of Object.values(this.cgroupOwners)) await removeOwnerCgroup(owner);
  }

  /** Runs one command under the cgroup, rlimits and (unless unsafe) bubblewrap, and classifies it. */
  private async execute(
    command: string[],
    workspace: Workspace,
    limits: Limits,
    stdin: string,
    host: { directory: string; addressSpaceSafe: boolean },
  ): Promise<RunResult> {
    const { report, layout, shell, prlimit } = this.detected;
    const standby = this.standbys?.take() ?? null;
    let cgroup: RunCgroup;
    try {
      cgroup = standby?.cgroup ?? RunCgroup.create(this.cgroupOwners, String(this.runCount++));
      cgroup.limit(limits);
    } catch (error) {
      await standby?.stop();
      return sandboxError(`cannot create the run's cgroup: ${(error as Error).message}`);
    }
    const script = standby ? join(this.ownerDirectory, `launch-${this.runCount++}.sh`) : null;
    try {
      const memoryBytes = Math.floor(limits.memoryMb * 1024 * 1024);
      const plan = {
        layout,
        workspace,
        limits,
        command,
        env: this.unsafe ? { ...sandboxEnv(), HOME: host.directory } : sandboxEnv(),
        cgroups: cgroup.directories(),
        addressSpaceBytes: !cgroup.paths.memory && host.addressSpaceSafe ? memoryBytes : undefined,
        processLimitFallback: cgroup.paths.pids ? undefined : limits.processes,
        tools: { sh: shell!, prlimit: prlimit!, bwrap: report.bubblewrap.path ?? '' },
      };
      const full = buildCommand(plan);
      // unsafe: the same chain without the bubblewrap part
      const argv = this.unsafe ? [...full.slice(0, full.indexOf(plan.tools.bwrap)), ...command] : full;
      if (standby && script) writeFileSync(script, launchScript(launchCommand(plan)));
      const outcome = await execute({
        argv,
        started:
          standby && script ? { child: standby.child, release: () => standby.launch(script) } : undefined,
        stdin,
        wallMs: limits.wallMs,
        outputBytes: limits.outputBytes,
        env: {},
        cwd: this.unsafe ? host.directory : undefined,
      });
      const stats = cgroup.stats();
      const { status, reason } = classify({
        ...outcome,
        sandboxFailure: sandboxFailureOf(outcome),
        oomKilled: stats.oomKills > 0,
        cpuMs: stats.cpuMs,
        cpuLimitMs: Math.max(1000, Math.ceil(limits.cpuMs / 1000) * 1000),
        memoryLimitMb: limits.memoryMb,
        wallLimitMs: limits.wallMs,
      });
      const processNote = stats.forkDenials > 0 ? ` (process limit ${limits.processes} reached)` : '';
      return {
        status,
        exitCode: outcome.exitCode,
        signal: outcome.signal,
        stdout: outcome.stdout,
        stderr: outcome.stderr,
        wallMs: outcome.wallMs,
        cpuMs: stats.cpuMs,
        maxRssKb: stats.maxUsageBytes === null ? null : Math.round(stats.maxUsageBytes / 1024),
        ...(reason ? { reason: reason + processNote } : {}),
      };
    } finally {
      if (script) rmSync(script, { force: true });
      await cgroup.destroy();
    }
  }

  private tools(language: Language): ToolPaths | string {
    const { python, node, gxx } = this.isolation.tools;
    const needed = { python: ['python3', python], javascript: ['node', node], cpp: ['g++', gxx] } as const;
    const [name, path] = needed[language];
    if (!path)
      return `${name} is not installed in /usr/bin. HINT: apt-get install -y ${name === 'node' ? 'nodejs' : name}`;
    return { python: python ?? '', node: node ?? '', gxx: gxx ?? '' };
  }

  private assertOpen(): void {
    if (this.closed) throw new CascadeError('sandbox_closed', 'the sandbox was closed', { where: 'sandbox' });
  }
}

/** bubblewrap's own setup failures end in exit 1 with a `bwrap:` line before the program starts. */
function sandboxFailureOf(outcome: { spawnError: string | null; exitCode: number | null; stderr: string }) {
  if (outcome.spawnError) return `could not start the sandbox: ${outcome.spawnError}`;
  if (outcome.exitCode === 125 && outcome.stderr.startsWith(CGROUP_JOIN_FAILED)) return outcome.stderr.trim();
  if (outcome.exitCode === 1 && /^bwrap: /.test(outcome.stderr)) return outcome.stderr.trim().split('\n')[0];
  return null;
}

function okResult(): RunResult {
  return {
    status: 'ok',
    exitCode: 0,
    signal: null,
    stdout: '',
    stderr: '',
    wallMs: 0,
    cpuMs: null,
    maxRssKb: null,
  };
}

function sandboxError(reason: string): RunResult {
  return { ...okResult(), status: 'sandbox_error', exitCode: null, reason };
}

function lstatOrNull(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}
