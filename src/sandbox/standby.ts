/**
 * Standby launchers. Moving a process into a cgroup v1 waits for an RCU grace period (about 12 ms
 * measured on this machine, whatever the controller), which was most of the sandbox's overhead per
 * execution. A standby is a shell started ahead of time, in its own run cgroup, that has already
 * joined it and waits on fd 3 for a launch script; the sandbox keeps a few ready and refills the
 * stock while programs run, so the join is off each execution's critical path.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import type { Writable } from 'node:stream';
import { standbyCommand } from './bwrap-args.ts';
import type { RunCgroup } from './cgroup.ts';

/** A shell that has joined (or is joining) `cgroup` and waits for `launch`. */
export class Standby {
  private exited = false;

  private constructor(
    readonly child: ChildProcess,
    readonly cgroup: RunCgroup,
  ) {
    child.on('exit', () => {
      this.exited = true;
    });
    // a spawn failure shows as exit; keep the error from being thrown as unhandled
    child.on('error', () => {
      this.exited = true;
    });
    for (const stream of [child.stdin, this.launchPipe]) stream?.on('error', () => {});
    // a waiting standby must not keep the process alive; it exits on EOF when the process does
    this.setRef(false);
  }

  static start(shell: string, cgroup: RunCgroup): Standby {
    const child = spawn(shell, standbyCommand(shell, cgroup.directories()).slice(1), {
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
      detached: true,
      env: {},
    });
    return new Standby(child, cgroup);
  }

  /** Still waiting for its launch script (it has not died, e.g. on a failed cgroup join). */
  ready(): boolean {
    return !this.exited && this.child.pid !== undefined;
  }

  /** Sends the path of the launch script; the shell sources it, which execs the chain. */
  launch(scriptPath: string): void {
    this.setRef(true);
    this.launchPipe.end(`${scriptPath}\n`);
  }

  /** Ends an unused standby: EOF on fd 3 makes it exit, SIGKILL makes sure. */
  async stop(): Promise<void> {
    this.launchPipe.end();
    if (this.child.pid !== undefined && !this.exited) {
      try {
        process.kill(-this.child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await this.cgroup.destroy();
  }

  private setRef(referenced: boolean): void {
    if (referenced) this.child.ref();
    else this.child.unref();
    for (const stream of this.child.stdio) {
      const handle = stream as { ref?: () => void; unref?: () => void } | null;
      if (referenced) handle?.ref?.();
      else handle?.unref?.();
    }
  }

  private get launchPipe(): Writable {
    return this.child.stdio[3] as Writable;
  }
}

/**
 * Keeps up to `size` standbys ready. `take` hands one over (or null when none is ready, and the
 * caller launches the usual way) and starts a replacement at once, so it joins while the taken one runs.
 */
export class StandbyStock<T extends { ready(): boolean; stop(): Promise<void> } = Standby> {
  private readonly ready: T[] = [];
  private closed = false;

  constructor(
    private readonly size: number,
    private readonly startOne: () => T,
  ) {
    this.fill();
  }

  take(): T | null {
    let standby = this.ready.shift();
    while (standby && !standby.ready()) {
      void standby.stop();
      standby = this.ready.shift();
    }
    this.fill();
    return standby ?? null;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.ready.splice(0).map((standby) => standby.stop()));
  }

  private fill(): void {
    while (!this.closed && this.ready.length < this.size) {
      try {
        this.ready.push(this.startOne());
      } catch {
        // no cgroup could be made (e.g. the hierarchy went away): runs launch the usual way
        return;
      }
    }
  }
}
