/**
 * The cascade runner: stages in recipe order, each starting from the previous stage's policy, each
 * followed by an evaluation of every domain in both modes (a stage that leaves the policy as it was,
 * the reward model, keeps the last evaluation and re-scores chat with its RM). The lineage file
 * records what is done; a re-run with the same output folder skips finished stages (same config
 * hash) and resumes the running one from its newest checkpoint, so a killed run loses at most the
 * steps since then.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CascadeError } from '../core/errors.ts';
import type { ChatFamily } from '../core/messages.ts';
import type { TaskDomain } from '../data/tasks/index.ts';
import type { TextTokenizer } from '../tokenizer/index.ts';
import { createRewardScorer, latestCheckpoint, type TrainerMetrics } from '../train/index.ts';
import { type KernelsLoader, openPolicy, openRewardModel } from './engines.ts';
import { evaluateDomains, REWARD_MODEL_DOMAINS } from './evaluate.ts';
import {
  type DomainScore,
  hashJson,
  type Lineage,
  readLineage,
  type StageRecord,
  writeLineage,
} from './lineage.ts';
import type { Recipe, StageRecipe } from './recipe.ts';
import { checkpointsOf, runStage } from './stages.ts';
import { openCascadeVerifiers } from './verifiers.ts';

export type RunEvent =
  | { type: 'stage-start'; stage: string; index: number; total: number; resumedFromStep?: number }
  | { type: 'stage-skip'; stage: string; index: number; total: number }
  | { type: 'metrics'; stage: string; metrics: TrainerMetrics }
  | { type: 'evaluation-start'; stage: string; reusing?: string; rescored: string[] }
  | { type: 'evaluation'; stage: string; score: DomainScore }
  | { type: 'stage-done'; stage: string; record: StageRecord };

export interface RunOptions {
  recipe: Recipe;
  /** The recipe's file text or parsed form, hashed so a changed recipe is noticed. */
  profile: string;
  seed: number;
  out: string;
  /** Kernels for each engine the run opens (see engines.ts). */
  loadKernels: KernelsLoader;
  tokenizer: TextTokenizer;
  /** Tokenizer files copied into every checkpoint. */
  tokenizerFiles: Record<string, string>;
  onEvent?: (event: RunEvent) => void;
  signal?: AbortSignal;
}

export const stageDirOf = (out: string, index: number, name: string) =>
  join(out, 'stages', `${String(index + 1).padStart(2, '0')}-${name}`);

/** Hash of everything a stage's result depends on: its config, the chain before it, the model, the seed. */
export function stageHashes(recipe: Recipe, seed: number): string[] {
  const hashes: string[] = [];
  let previous = hashJson({ model: recipe.model, tokenizer: recipe.tokenizer, chat: recipe.chat, seed });
  for (const stage of recipe.stages) {
    previous = hashJson({ previous, stage, data: recipe.data });
    hashes.push(previous);
  }
  return hashes;
}

export async function runCascade(options: RunOptions): Promise<Lineage> {
  const { out } = options;
  mkdirSync(out, { recursive: true });
  const release = lockOut(out);
  try {
    return await runLocked(options);
  } finally {
    release();
  }
}

/** One run per output folder: a second one would interleave checkpoints with the first. */
function lockOut(out: string): () => void {
  const lock = join(out, '.lock');
  if (existsSync(lock)) {
    const pid = Number(readFileSync(lock, 'utf8'));
    if (Number.isInteger(pid) && pid !== process.pid && isAlive(pid))
      throw new CascadeError('run.busy', `another cascade run (pid ${pid}) is writing this folder`, {
        where: out,
      });
  }
  writeFileSync(lock, String(process.pid));
  return () => rmSync(lock, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function runLocked(options: RunOptions): Promise<Lineage> {
  const { recipe, out, seed } = options;
  const hashes = stageHashes(recipe, seed);
  const lineage = openLineage(options, hashes);
  const family = recipe.chat as ChatFamily;
  const verifiers = await openCascadeVerifiers([
    ...new Set([...recipe.evaluation.domains, ...recipe.stages.flatMap(stageDomains)]),
  ] as TaskDomain[]);
  try {
    if (recipe.evaluation.base && !lineage.base) {
      lineage.base = await evaluatePolicy(options, family, verifiers, 'base', undefined, undefined);
      writeLineage(out, lineage);
    }
    for (const [index, stage] of recipe.stages.entries()) {
      options.signal?.throwIfAborted();
      const done = lineage.stages[index];
      if (done?.status === 'done') {
        options.onEvent?.({ type: 'stage-skip', stage: stage.name, index, total: recipe.stages.length });
        continue;
      }
      await runOneStage(options, lineage, index, stage, hashes[index], family, verifiers);
    }
  } finally {
    await verifiers.close();
  }
  return lineage;
}

function stageDomains(stage: StageRecipe): string[] {
  return stage.kind === 'reward-model' ? [] : stage.domains;
}

function openLineage(options: RunOptions, hashes: string[]): Lineage {
  const { recipe, out, seed } = options;
  const found = readLineage(out);
  if (!found)
    return {
      recipe: recipe.name,
      recipeHash: hashJson(recipe),
      seed,
      profile: options.profile,
      createdAt: new Date().toISOString(),
      stages: [],
    };
  if (found.recipe !== recipe.name || found.seed !== seed)
    throw new CascadeError(
      'run.out',
      `this folder holds a run of recipe "${found.recipe}" with seed ${found.seed}; use another --out`,
      { where: out },
    );
  found.stages = withoutDeletedStages(out, found.stages);
  for (const [index, record] of found.stages.entries())
    if (record.configHash !== hashes[index])
      throw new CascadeError(
        'run.changed',
        `stage "${record.name}" ran with a different recipe (config hash ${record.configHash}, now ${hashes[index] ?? 'absent'}); ` +
          'use another --out, or delete this stage folder and the stages after it to re-run them',
        { where: out },
      );
  return found;
}

/**
 * A stage whose folder the user deleted runs again, and so does every stage after it (each starts
 * from the one before): their records are dropped. Folders left after a deleted one are an error,
 * since a re-run would resume from checkpoints of the old chain.
 */
function withoutDeletedStages(out: string, stages: StageRecord[]): StageRecord[] {
  const folders = stages.map((record, index) => stageDirOf(out, index, record.name));
  const first = folders.findIndex((folder) => !existsSync(folder));
  if (first < 0) return stages;
  const left = folders.slice(first + 1).filter((folder) => existsSync(folder));
  if (left.length > 0)
    throw new CascadeError(
      'run.changed',
      `${folders[first]} was deleted but the stages after it were not (${left.join(', ')}): ` +
        'delete them too to re-run from there, or restore it',
      { where: out },
    );
  return stages.slice(0, first);
}

async function runOneStage(
  options: RunOptions,
  lineage: Lineage,
  index: number,
  stage: StageRecipe,
  configHash: string,
  family: ChatFamily,
  verifiers: Awaited<ReturnType<typeof openCascadeVerifiers>>,
): Promise<void> {
  const { recipe, out, seed } = options;
  const stageDir = stageDirOf(out, index, stage.name);
  mkdirSync(stageDir, { recursive: true });
  const before = lineage.stages.slice(0, index);
  const startPolicy = [...before].reverse().find((record) => record.policy)?.policy;
  const rewardModelDir = [...before].reverse().find((record) => record.rewardModel)?.rewardModel;
  const resumed = latestCheckpoint(checkpointsOf(stageDir));
  const record: StageRecord = lineage.stages[index] ?? {
    name: stage.name,
    kind: stage.kind,
    domains: stageDomains(stage),
    configHash,
    status: 'running',
    startPolicy,
    steps: 0,
    wallSeconds: 0,
    startedAt: new Date().toISOString(),
  };
  lineage.stages[index] = record;
  writeLineage(out, lineage);
  options.onEvent?.({
    type: 'stage-start',
    stage: stage.name,
    index,
    total: recipe.stages.length,
    resumedFromStep: resumed?.state.step,
  });

  const metricsFile = join(stageDir, 'metrics.jsonl');
  keepMetricsUpTo(metricsFile, resumed?.state.step ?? 0);
  const started = performance.now();
  const output = await runStage(
    {
      recipe,
      seed,
      index,
      stageDir,
      tokenizer: options.tokenizer,
      family,
      loadKernels: options.loadKernels,
      tokenizerFiles: options.tokenizerFiles,
      verifiers,
      startPolicy,
      rewardModelDir,
      policies: Object.fromEntries(before.flatMap((r) => (r.policy ? [[r.name, r.policy]] : []))),
      onMetrics: (metrics) => {
        appendFileSync(
          metricsFile,
          `${JSON.stringify({ step: metrics.step, stage: stage.name, ...metrics.values })}\n`,
        );
        record.lastMetrics = metrics.values;
        options.onEvent?.({ type: 'metrics', stage: stage.name, metrics });
      },
      signal: options.signal,
    },
    stage,
  );
  record.wallSeconds += (performance.now() - started) / 1000;
  record.steps = output.steps;
  record.policy = output.policy;
  record.rewardModel = output.rewardModel;
  writeLineage(out, lineage);

  const rewardModelForEval = output.rewardModel ?? rewardModelDir;
  // a stage that leaves the policy as it was (the reward model) would sample the same answers again:
  // keep the last evaluation and re-score only the domains a new reward model scores
  const previous = [...before].reverse().find((r) => r.evaluation);
  const kept = output.policy === startPolicy ? previous?.evaluation : undefined;
  const rescored = kept
    ? recipe.evaluation.domains.filter(
        (domain) => rewardModelForEval !== rewardModelDir && REWARD_MODEL_DOMAINS.includes(domain),
      )
    : undefined;
  options.onEvent?.({
    type: 'evaluation-start',
    stage: stage.name,
    reusing: kept ? previous?.name : undefined,
    rescored: rescored ?? [],
  });
  const fresh = await evaluatePolicy(
    options,
    family,
    verifiers,
    stage.name,
    output.policy,
    rewardModelForEval,
    rescored,
  );
  record.evaluation = kept
    ? kept.map((cell) => {
        const again = fresh.find((f) => f.domain === cell.domain && f.mode === cell.mode);
        if (!again) options.onEvent?.({ type: 'evaluation', stage: stage.name, score: cell });
        return again ?? cell;
      })
    : fresh;
  record.status = 'done';
  record.finishedAt = new Date().toISOString();
  writeLineage(out, lineage);
  options.onEvent?.({ type: 'stage-done', stage: stage.name, record });
}

async function evaluatePolicy(
  options: RunOptions,
  family: ChatFamily,
  verifiers: Awaited<ReturnType<typeof openCascadeVerifiers>>,
  stage: string,
  policy: string | undefined,
  rewardModelDir: string | undefined,
  domains?: readonly TaskDomain[],
): Promise<DomainScore[]> {
  const { recipe } = options;
  if (domains?.length === 0) return [];
  const source = policy ?? recipe.model.checkpoint;
  const engine = await openPolicy(
    options.loadKernels,
    source
      ? { checkpointDir: source, seed: options.seed }
      : { config: recipe.model.architecture, seed: options.seed },
  );
  const rewardModel = rewardModelDir
    ? await openRewardModel(options.loadKernels, { checkpointDir: rewardModelDir, seed: 0 })
    : undefined;
  try {
    return await evaluateDomains({
      engine,
      tokenizer: options.tokenizer,
      family,
      recipe,
      verifiers,
      rewardModel: rewardModel
        ? createRewardScorer(rewardModel, { tokenizer: options.tokenizer, family })
        : undefined,
      seed: options.seed,
      domains,
      onScore: (score) => options.onEvent?.({ type: 'evaluation', stage, score }),
    });
  } finally {
    await engine.close();
    await rewardModel?.close();
  }
}

/** Drops metrics lines after `step` (written after the checkpoint a resume starts from). */
function keepMetricsUpTo(file: string, step: number): void {
  if (!existsSync(file)) return;
  const kept = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && (JSON.parse(line) as { step: number }).step <= step);
  writeFileSync(file, kept.map((line) => `${line}\n`).join(''));
}
