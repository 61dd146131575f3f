/**
 * outDir/<stage>/job.json: what the runner knows about a stage, written before and after every
 * Ray call so a controller that dies can pick up where it was (re-attach to a running job, submit
 * the merge only, or resubmit a failed job as the next attempt). Written atomically.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { CascadeError } from '../../core/errors.ts';
import type { RayJobStatus } from './ray-client.ts';
import type { VerlVersion } from './schema.ts';

export type VerlStagePhase =
  | 'written'
  | 'training'
  | 'trained'
  | 'merging'
  | 'merged'
  | 'failed'
  | 'stopped'
  | 'merge-failed';

export interface VerlJobRecord {
  job: 'train' | 'merge';
  submissionId: string;
  attempt: number;
  status?: RayJobStatus;
  message?: string;
  submittedAt: string;
  endedAt?: string;
}

export interface VerlStageState {
  stage: string;
  kind: 'grpo' | 'sft';
  verlVersion: VerlVersion;
  module: string;
  phase: VerlStagePhase;
  /** Hash of the config and the Parquet bytes: a finished stage is only skipped for the same inputs. */
  fingerprint: string;
  /** Makes submission ids unique on a shared cluster (two runs with a stage of the same name). */
  runToken: string;
  modelPath: string;
  /** The merged Hugging Face checkpoint (cluster path), once merged. */
  checkpoint?: string;
  entrypoint: string;
  mergeEntrypoint: string;
  runtimeEnv: { env_vars: Record<string, string> };
  warnings: string[];
  jobs: VerlJobRecord[];
  updatedAt: string;
}

export async function readStageState(path: string): Promise<VerlStageState | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as VerlStageState;
  } catch (error) {
    throw new CascadeError('verl_bad_state', `not JSON: ${(error as Error).message}`, {
      where: path,
      cause: error,
    });
  }
}

export async function writeStageState(path: string, state: VerlStageState): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(
    temporary,
    `${JSON.stringify({ ...state, updatedAt: new Date().toISOString() }, null, 2)}\n`,
  );
  await rename(temporary, path);
}

/** The newest record of a job kind (the current attempt). */
export function latestJob(state: VerlStageState, job: 'train' | 'merge'): VerlJobRecord | undefined {
  return state.jobs.filter((record) => record.job === job).at(-1);
}
