/**
 * Trainer checkpoints: `<root>/step-<NNNNNNNN>/` holds `model/` (whatever the engine's `save` writes:
 * weights, optimizer moments, the engine's RNG) and `trainer_state.json` (step, the trainer's RNG,
 * data-loader position, curriculum and filter state). The folder is assembled under a hidden temporary
 * name and renamed into place, so a folder named `step-…` is always complete; a crash mid-save leaves
 * only a hidden partial folder, which `latestCheckpoint` ignores and the next save removes.
 * Resume = open the engine from `modelDir`, pass `state` to the trainer.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import type { StepEngine } from '../core/engine.ts';
import { CascadeError } from '../core/errors.ts';

export interface TrainerState {
  /** Which trainer wrote it; a GRPO state cannot resume an SFT run. */
  method: string;
  /** Optimizer steps taken when the checkpoint was written. */
  step: number;
  /** The trainer's Rng state (four uint32 words). */
  rngState: number[];
  /** Method-specific position: data cursor, curriculum stage, epoch-filter state… (plain JSON). */
  position: Record<string, unknown>;
}

export interface FoundCheckpoint {
  dir: string;
  /** Open the engine from here to resume. */
  modelDir: string;
  state: TrainerState;
}

/** Anything that can write its weights and optimizer state to a folder (step engines, reward models). */
export interface Saveable {
  save(dir: string): Promise<void>;
}

const STEP_DIR = /^step-(\d{8})$/;
const PARTIAL_DIR = /^\.step-\d{8}\.partial-(\d+)-\d+$/;

export const stepDirName = (step: number) => `step-${String(step).padStart(8, '0')}`;

function writeSynced(path: string, text: string): void {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function fsyncDir(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Writes `<root>/step-N/` atomically and keeps the newest `keepLast` checkpoints (0: keep all). */
export async function saveTrainerCheckpoint(
  root: string,
  engine: Saveable | StepEngine,
  state: TrainerState,
  keepLast = 0,
): Promise<string> {
  const dir = resolve(root);
  mkdirSync(dir, { recursive: true });
  removeAbandonedPartials(dir);
  const target = join(dir, stepDirName(state.step));
  const temporary = join(dir, `.${stepDirName(state.step)}.partial-${process.pid}-${Date.now()}`);
  mkdirSync(temporary);
  try {
    await engine.save(join(temporary, 'model'));
    writeSynced(join(temporary, 'trainer_state.json'), `${JSON.stringify(state, null, 2)}\n`);
    fsyncDir(temporary);
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true });
    throw error;
  }
  // a checkpoint of the same step from an earlier attempt is replaced whole
  if (existsSync(target)) rmSync(target, { recursive: true, force: true });
  renameSync(temporary, target);
  fsyncDir(dir);
  if (keepLast > 0) {
    const steps = completeSteps(dir);
    for (const step of steps.slice(0, Math.max(0, steps.length - keepLast)))
      rmSync(join(dir, stepDirName(step)), { recursive: true, force: true });
  }
  return target;
}

/** Partial folders of saves whose process is gone (killed mid-save): they would only fill the disk. */
function removeAbandonedPartials(root: string): void {
  for (const name of readdirSync(root)) {
    const match = PARTIAL_DIR.exec(name);
    if (match && !processAlive(Number(match[1]))) rmSync(join(root, name), { recursive: true, force: true });
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Steps of the complete checkpoints under `root`, ascending. */
function completeSteps(root: string): number[] {
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .map((name) => STEP_DIR.exec(name))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => Number(match[1]))
    .filter((step) => existsSync(join(root, stepDirName(step), 'trainer_state.json')))
    .sort((a, b) => a - b);
}

/** The newest complete checkpoint under `root`, or undefined when there is none. */
export function latestCheckpoint(root: string): FoundCheckpoint | undefined {
  const steps = completeSteps(resolve(root));
  if (steps.length === 0) return undefined;
  const dir = join(resolve(root), stepDirName(steps[steps.length - 1]));
  return { dir, modelDir: join(dir, 'model'), state: readTrainerState(dir) };
}

export function readTrainerState(dir: string): TrainerState {
  const path = join(dir, 'trainer_state.json');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new CascadeError('train.checkpoint', 'cannot read the trainer state', { where: path, cause });
  }
  const state = raw as Partial<TrainerState>;
  const validRng =
    Array.isArray(state.rngState) &&
    state.rngState.length === 4 &&
    state.rngState.every((word) => Number.isInteger(word));
  if (typeof state.method !== 'string' || typeof state.step !== 'number' || !validRng || !state.position)
    throw new CascadeError('train.checkpoint', 'trainer state needs method, step, rngState[4] and position', {
      where: path,
    });
  return state as TrainerState;
}

/** Checks that a state to resume from was written by this trainer. */
export function expectMethod(state: TrainerState | undefined, method: string): TrainerState | undefined {
  if (state && state.method !== method)
    throw new CascadeError(
      'train.resume',
      `this checkpoint was written by the ${state.method} trainer, not ${method}`,
    );
  return state;
}
