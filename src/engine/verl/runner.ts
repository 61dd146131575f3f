/**
 * Runs one stage on verl through Ray Jobs: writes outDir/<stage>/{train.parquet, config.yaml,
 * job.json}, submits the training job, follows it (job.log), then submits verl's model merger as a
 * second job (merge.log) and returns the merged Hugging Face checkpoint for the next stage.
 *
 * Resumable from job.json: a merged stage with the same inputs is skipped; a job still running is
 * re-attached; a trained stage only merges; a failed or stopped job is resubmitted as the next
 * attempt (verl's `resume_mode=auto` continues from its last checkpoint). Dry-run writes the files
 * and submits nothing. The signal stops the running job on the cluster before returning.
 */
import { createHash, randomBytes } from 'node:crypto';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, posix, resolve } from 'node:path';
import { CascadeError } from '../../core/errors.ts';
import { buildVerlJob, type VerlJob, type VerlStagePaths } from './config.ts';
import { followJob } from './follow.ts';
import { toConfigYaml } from './hydra.ts';
import { verlParquetBuffer, verlSftParquetBuffer } from './parquet.ts';
import { createRayJobsClient, type RayJobStatus, type RayJobsClient } from './ray-client.ts';
import type { VerlVersion } from './schema.ts';
import { checkStageSpec, type VerlStageSpec } from './spec.ts';
import { latestJob, readStageState, type VerlStageState, writeStageState } from './state.ts';

export interface RunVerlStageOptions {
  /** Ray dashboard, e.g. `http://head:8265`. */
  rayAddress: string;
  /** Local directory; the stage's files go to outDir/<stage>/. */
  outDir: string;
  /** outDir as the cluster sees it (a shared filesystem); default: outDir resolved. */
  clusterOutDir?: string;
  /** Default '0.8.0' (the reward.* layout). */
  verlVersion?: VerlVersion;
  /** The verl reward shim as the cluster sees it; default: a copy written to outDir/cascade_reward.py. */
  rewardShimPath?: string;
  dryRun?: boolean;
  signal?: AbortSignal;
  onProgress?: (event: VerlProgress) => void;
  /** Between status polls (default 15 s). */
  pollIntervalMs?: number;
  saveEvery?: number;
  /** Injected for tests and for sharing one client; default: a client on rayAddress. */
  client?: RayJobsClient;
}

export type VerlProgress =
  | { stage: string; event: 'skipped'; checkpoint: string }
  | { stage: string; event: 'written'; dir: string; warnings: string[] }
  | { stage: string; event: 'submitted'; job: 'train' | 'merge'; submissionId: string; attempt: number }
  | { stage: string; event: 'attached'; job: 'train' | 'merge'; submissionId: string }
  | { stage: string; event: 'status'; job: 'train' | 'merge'; submissionId: string; status: RayJobStatus }
  | { stage: string; event: 'log'; job: 'train' | 'merge'; text: string }
  | { stage: string; event: 'finished'; status: VerlStageResult['status']; checkpoint?: string };

export interface VerlStageResult {
  stage: string;
  status: 'succeeded' | 'failed' | 'stopped' | 'dry-run';
  /** The merged Hugging Face checkpoint, as the cluster sees it. */
  checkpoint?: string;
  /** True when job.json showed the stage already merged with the same inputs. */
  skipped: boolean;
  dir: string;
  message?: string;
  warnings: string[];
}

const SHIM = join(import.meta.dirname, '..', '..', '..', 'integrations', 'verl', 'cascade_reward.py');

/** Where a stage's files live on the cluster; `{fromStage}` model paths resolve to `merged` here. */
export function clusterStagePaths(
  clusterOutDir: string,
  stage: string,
  rewardShimPath: string,
): VerlStagePaths {
  const dir = posix.join(clusterOutDir, stage);
  return {
    trainFile: posix.join(dir, 'train.parquet'),
    checkpointDir: posix.join(dir, 'checkpoints'),
    mergedDir: posix.join(dir, 'merged'),
    rewardShimPath,
  };
}

async function resolveModel(spec: VerlStageSpec, outDir: string, clusterOutDir: string, dryRun: boolean) {
  if (typeof spec.modelPath === 'string') return spec.modelPath;
  const from = spec.modelPath.fromStage;
  const planned = posix.join(clusterOutDir, from, 'merged');
  if (dryRun) return planned;
  const state = await readStageState(join(outDir, from, 'job.json'));
  if (state?.phase !== 'merged' || !state.checkpoint)
    throw new CascadeError(
      'verl_stage_not_ready',
      `takes its model from stage ${from}, which has no merged checkpoint yet (${state ? state.phase : 'not run'})`,
      { where: `stage ${spec.name}: modelPath` },
    );
  return state.checkpoint;
}

function fingerprintOf(configYaml: string, parquet: ArrayBuffer): string {
  return createHash('sha256').update(configYaml).update(new Uint8Array(parquet)).digest('hex').slice(0, 16);
}

function freshState(
  spec: VerlStageSpec,
  job: VerlJob,
  modelPath: string,
  fingerprint: string,
): VerlStageState {
  return {
    stage: spec.name,
    kind: spec.kind,
    verlVersion: job.verlVersion,
    module: job.module,
    phase: 'written',
    fingerprint,
    runToken: randomBytes(4).toString('hex'),
    modelPath,
    entrypoint: job.entrypoint,
    mergeEntrypoint: job.mergeEntrypoint,
    runtimeEnv: job.runtimeEnv,
    warnings: job.warnings,
    jobs: [],
    updatedAt: '',
  };
}

export async function runVerlStage(
  spec: VerlStageSpec,
  options: RunVerlStageOptions,
): Promise<VerlStageResult> {
  checkStageSpec(spec);
  const outDir = resolve(options.outDir);
  const clusterOutDir = options.clusterOutDir ?? outDir;
  const dir = join(outDir, spec.name);
  const statePath = join(dir, 'job.json');
  const emit = (event: VerlProgress) => options.onProgress?.(event);
  await mkdir(dir, { recursive: true });

  let rewardShimPath = options.rewardShimPath;
  if (!rewardShimPath && spec.kind === 'grpo') {
    await copyFile(SHIM, join(outDir, 'cascade_reward.py'));
    rewardShimPath = posix.join(clusterOutDir, 'cascade_reward.py');
  }
  const paths = clusterStagePaths(clusterOutDir, spec.name, rewardShimPath ?? '');
  const modelPath = await resolveModel(spec, outDir, clusterOutDir, options.dryRun ?? false);
  const job = buildVerlJob(spec, {
    verlVersion: options.verlVersion ?? '0.8.0',
    modelPath,
    paths,
    saveEvery: options.saveEvery,
  });
  const configYaml = toConfigYaml(job.config, [
    `Cascade stage ${spec.name} (${spec.kind}) for verl ${job.verlVersion}: ${job.module}`,
    'The job passes these as Hydra overrides (job.json: entrypoint).',
    ...job.warnings.map((warning) => `warning: ${warning}`),
  ]);
  const parquet =
    spec.kind === 'sft'
      ? verlSftParquetBuffer(spec.rows, spec.hyperparameters.thinking === 'thinking')
      : verlParquetBuffer(spec.rows);
  const fingerprint = fingerprintOf(configYaml, parquet);

  const previous = await readStageState(statePath);
  if (previous && previous.fingerprint !== fingerprint && previous.phase !== 'written')
    throw new CascadeError(
      'verl_stage_changed',
      `job.json records a run of different inputs (config or rows changed since, phase ${previous.phase}); move ${dir} away to start this stage over`,
      { where: statePath },
    );
  if (previous?.phase === 'merged' && previous.checkpoint) {
    emit({ stage: spec.name, event: 'skipped', checkpoint: previous.checkpoint });
    return {
      stage: spec.name,
      status: 'succeeded',
      checkpoint: previous.checkpoint,
      skipped: true,
      dir,
      warnings: previous.warnings,
    };
  }

  await writeFile(join(dir, 'train.parquet'), new Uint8Array(parquet));
  await writeFile(join(dir, 'config.yaml'), configYaml);
  const state =
    previous && previous.phase !== 'written' ? previous : freshState(spec, job, modelPath, fingerprint);
  await writeStageState(statePath, state);
  emit({ stage: spec.name, event: 'written', dir, warnings: job.warnings });
  const result = (status: VerlStageResult['status'], message?: string): VerlStageResult => {
    emit({ stage: spec.name, event: 'finished', status, checkpoint: state.checkpoint });
    return {
      stage: spec.name,
      status,
      checkpoint: state.checkpoint,
      skipped: false,
      dir,
      message,
      warnings: job.warnings,
    };
  };
  if (options.dryRun) return result('dry-run');

  const client = options.client ?? createRayJobsClient({ address: options.rayAddress });
  const run = (kind: 'train' | 'merge') => runJob(kind, spec, job, state, statePath, dir, client, options);

  if (state.phase !== 'trained' && state.phase !== 'merging' && state.phase !== 'merge-failed') {
    const outcome = await run('train');
    if (outcome.status !== 'SUCCEEDED') {
      state.phase = outcome.status === 'STOPPED' ? 'stopped' : 'failed';
      await writeStageState(statePath, state);
      return result(outcome.status === 'STOPPED' ? 'stopped' : 'failed', outcome.message);
    }
    state.phase = 'trained';
    await writeStageState(statePath, state);
  }
  const merged = await run('merge');
  if (merged.status !== 'SUCCEEDED') {
    state.phase = merged.status === 'STOPPED' ? 'trained' : 'merge-failed';
    await writeStageState(statePath, state);
    return result(merged.status === 'STOPPED' ? 'stopped' : 'failed', `model merger: ${merged.message}`);
  }
  state.phase = 'merged';
  state.checkpoint = paths.mergedDir;
  await writeStageState(statePath, state);
  return result('succeeded');
}

/**
 * One job kind to its end: re-attaches to the current attempt if Ray still has it running (or
 * finished it successfully), else submits the next attempt. job.json names the submission before
 * it is sent, so a controller that dies mid-submit finds (or resubmits) the same id.
 */
async function runJob(
  kind: 'train' | 'merge',
  spec: VerlStageSpec,
  job: VerlJob,
  state: VerlStageState,
  statePath: string,
  dir: string,
  client: RayJobsClient,
  options: RunVerlStageOptions,
): Promise<{ status: RayJobStatus; message: string }> {
  const emit = (event: VerlProgress) => options.onProgress?.(event);
  const current = latestJob(state, kind);
  let record = current;
  let attach = false;
  const inFlight = state.phase === (kind === 'train' ? 'training' : 'merging');
  if (record && inFlight) {
    const details = await client.find(record.submissionId, options.signal);
    if (
      details &&
      (details.status === 'PENDING' || details.status === 'RUNNING' || details.status === 'SUCCEEDED')
    ) {
      attach = true;
      emit({ stage: spec.name, event: 'attached', job: kind, submissionId: record.submissionId });
    } else if (details) {
      record.status = details.status;
      record.message = details.message ?? '';
      record = undefined;
    } else if (record.status !== undefined) {
      record = undefined; // Ray no longer knows a job that ended: run it again
    }
    // else: named in job.json but never reached Ray: submit that same id below
  } else {
    record = undefined;
  }

  if (!attach) {
    const attempt = record?.attempt ?? (current?.attempt ?? 0) + 1;
    const submissionId = record?.submissionId ?? `cascade-${spec.name}-${state.runToken}-${kind}-${attempt}`;
    if (!record) {
      record = { job: kind, submissionId, attempt, submittedAt: new Date().toISOString() };
      state.jobs.push(record);
    }
    state.phase = kind === 'train' ? 'training' : 'merging';
    await writeStageState(statePath, state);
    await client.submit(
      {
        entrypoint: kind === 'train' ? job.entrypoint : job.mergeEntrypoint,
        submission_id: submissionId,
        runtime_env: kind === 'train' ? job.runtimeEnv : {},
        metadata: { cascade_stage: spec.name, cascade_job: kind, cascade_attempt: String(attempt) },
        ...(kind === 'train' && job.entrypointNumGpus ? { entrypoint_num_gpus: job.entrypointNumGpus } : {}),
      },
      options.signal,
    );
    emit({ stage: spec.name, event: 'submitted', job: kind, submissionId, attempt });
  }
  if (!record) throw new CascadeError('verl_internal', 'no job record after submit'); // unreachable

  const submissionId = record.submissionId;
  const logPath = join(dir, kind === 'train' ? 'job.log' : 'merge.log');
  await writeFile(logPath, `[cascade] ${kind} attempt ${record.attempt}: ${submissionId}\n`, { flag: 'a' });
  const outcome = await followJob(client, submissionId, logPath, {
    pollIntervalMs: options.pollIntervalMs ?? 15_000,
    signal: options.signal,
    onStatus: (status) => emit({ stage: spec.name, event: 'status', job: kind, submissionId, status }),
    onLog: (text) => emit({ stage: spec.name, event: 'log', job: kind, text }),
  });
  record.status = outcome.status;
  record.message = outcome.message;
  record.endedAt = new Date().toISOString();
  await writeStageState(statePath, state);
  return outcome;
}

/** Reads a stage's job.json (undefined when the stage never ran). */
export async function readVerlStage(outDir: string, stage: string): Promise<VerlStageState | undefined> {
  return readStageState(join(resolve(outDir), stage, 'job.json'));
}

/** The merged checkpoint a stage's job.json records, if any (for callers that chain by hand). */
export async function mergedCheckpoint(outDir: string, stage: string): Promise<string | undefined> {
  const state = await readVerlStage(outDir, stage);
  return state?.phase === 'merged' ? state.checkpoint : undefined;
}

/** Runs stages in order, each `{fromStage}` taking an earlier stage's merged checkpoint; stops at the first that does not succeed. */
export async function runVerlCascade(
  specs: readonly VerlStageSpec[],
  options: RunVerlStageOptions,
): Promise<VerlStageResult[]> {
  const results: VerlStageResult[] = [];
  const client = options.client ?? createRayJobsClient({ address: options.rayAddress });
  for (const spec of specs) {
    const result = await runVerlStage(spec, { ...options, client });
    results.push(result);
    if (result.status !== 'succeeded' && result.status !== 'dry-run') break;
  }
  return results;
}

/** Reads the stage's config.yaml back (for reports and tests). */
export function readStageConfig(outDir: string, stage: string): Promise<string> {
  return readFile(join(resolve(outDir), stage, 'config.yaml'), 'utf8');
}
