/**
 * A recipe on the cluster engine (`cascade run --engine verl`): recipe stages → verl jobs (one per
 * SFT or GRPO sub-stage, each starting from the previous job's merged checkpoint) → Ray, through
 * src/engine/verl. Reward-model stages are not trained here: the RM is served at an endpoint.
 *
 * Data rows (JSONL, one object a line, or Parquet with the same columns):
 *   { "id"?: string, "domain": string, "messages"?: [{role, content}], "prompt"?: string | messages,
 *     "ground_truth"?: any, "task"?: any, "extra"?: object, "mode"?: "think" | "no_think" }
 * `messages` or `prompt` is the prompt (GRPO) or the whole conversation (SFT: with the assistant
 * turns). `ground_truth` (gold answer) or `task` (the domain's task fields) is what the verifier
 * checks. Without `id`, a row is named `<file>:<line>`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join, posix, resolve } from 'node:path';
import { CascadeError } from '../core/errors.ts';
import { readJsonl } from '../data/jsonl.ts';
import { readParquetRows } from '../data/parquet.ts';
import {
  buildVerlJob,
  clusterStagePaths,
  createRayJobsClient,
  type JsonValue,
  type RayJobsClient,
  runVerlStage,
  type VerlHyperparameters,
  type VerlJob,
  type VerlMessage,
  type VerlProgress,
  type VerlRow,
  type VerlStageResult,
  type VerlStageSpec,
  type VerlVersion,
} from '../engine/verl/index.ts';
import type { Recipe, StageRecipe, VerlRecipe } from './recipe.ts';

type GrpoStage = Extract<StageRecipe, { kind: 'grpo' }>;
type SftStage = Extract<StageRecipe, { kind: 'sft' }>;
type RewardModelStage = Extract<StageRecipe, { kind: 'reward-model' }>;
type Mode = 'think' | 'no_think';

/** A data row after normalising, with the mode the row asks for (if any). */
export interface RecipeRow extends VerlRow {
  mode?: Mode;
}

export interface StageDataFile {
  file: string;
  /** Undefined: every sub-stage of the stage. */
  subStages?: string[];
  rows: RecipeRow[];
}

/** Stage name → its data files, read. */
export type RecipeData = Map<string, StageDataFile[]>;

export interface VerlPlannedJob {
  /** The job's folder under --out: the stage name, or `<stage>.<sub-stage>` when it has several. */
  name: string;
  stage: string;
  subStage: string;
  spec: VerlStageSpec;
  /** Recipe settings verl cannot express, and what Cascade did instead. */
  notes: string[];
}

export interface VerlSkippedStage {
  stage: string;
  kind: StageRecipe['kind'];
  reason: string;
}

export interface VerlCascadePlan {
  verl: VerlRecipe;
  jobs: VerlPlannedJob[];
  skipped: VerlSkippedStage[];
}

/** A job before the chain gives it a model. */
type UnplacedJob = Omit<VerlPlannedJob, 'spec'> & { spec: Omit<VerlStageSpec, 'modelPath'> };

const ROLES = new Set(['system', 'user', 'assistant', 'tool']);
const FLAG = /\s\/(no_)?think\s*$/;
/** Cascade 1's mode flags go at the end of user turns, with a leading space (paper-spec §2.2). */
const FLAGS: Record<Mode, string> = { think: ' /think', no_think: ' /no_think' };

// ── rows ──────────────────────────────────────────────────────────────────────

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function messagesOf(value: unknown, where: string): VerlMessage[] {
  if (typeof value === 'string') return [{ role: 'user', content: value }];
  if (!Array.isArray(value) || value.length === 0)
    throw new CascadeError('verl_data', 'messages/prompt must be a string or a non-empty list of messages', {
      where,
    });
  return value.map((message, index) => {
    if (!isObject(message) || !ROLES.has(String(message.role)) || typeof message.content !== 'string')
      throw new CascadeError(
        'verl_data',
        'a message is {role: system|user|assistant|tool, content: string}',
        {
          where: `${where}: messages[${index}]`,
        },
      );
    return { role: message.role as VerlMessage['role'], content: message.content };
  });
}

/** One raw row (a parsed JSON object) → a RecipeRow. Pure. */
export function toRecipeRow(raw: unknown, where: string, defaultId: string): RecipeRow {
  if (!isObject(raw)) throw new CascadeError('verl_data', 'a row is a JSON object', { where });
  if (typeof raw.domain !== 'string' || raw.domain === '')
    throw new CascadeError('verl_data', 'a row needs a "domain" (the verifier that scores it)', { where });
  const source = raw.messages ?? raw.prompt;
  if (source === undefined)
    throw new CascadeError('verl_data', 'a row needs "messages" or "prompt"', { where });
  if (raw.mode !== undefined && raw.mode !== 'think' && raw.mode !== 'no_think')
    throw new CascadeError('verl_data', `"mode" is think or no_think, got ${JSON.stringify(raw.mode)}`, {
      where,
    });
  if (raw.extra !== undefined && !isObject(raw.extra))
    throw new CascadeError('verl_data', '"extra" must be an object', { where });
  return {
    id: raw.id === undefined ? defaultId : String(raw.id),
    domain: raw.domain,
    messages: messagesOf(source, where),
    groundTruth: (raw.ground_truth ?? raw.task ?? null) as JsonValue,
    ...(raw.extra ? { extra: raw.extra as Record<string, JsonValue> } : {}),
    ...(raw.mode ? { mode: raw.mode as Mode } : {}),
  };
}

/** Reads one data file (`.jsonl` / `.json` lines, or `.parquet`). */
export async function readRowFile(path: string): Promise<RecipeRow[]> {
  const name = basename(path);
  if (extname(path) === '.parquet') {
    const rows = await readParquetRows(path);
    return rows.map((raw, index) => toRecipeRow(raw, `${path}#${index}`, `${name}:${index + 1}`));
  }
  const rows: RecipeRow[] = [];
  for await (const record of readJsonl(path)) {
    if ('error' in record)
      throw new CascadeError('verl_data', record.error, { where: `${path}:${record.line}` });
    rows.push(toRecipeRow(record.value, `${path}:${record.line}`, `${name}:${record.line}`));
  }
  return rows;
}

/** The folder stage data files are relative to: `data.dir` (relative: to the recipe file's folder). */
export function dataDirOf(recipe: Recipe, recipeFile: string): string {
  const dir = recipe.data.dir ?? '.';
  return isAbsolute(dir) ? dir : resolve(dirname(recipeFile), dir);
}

/** Reads every data file the recipe's stages name. */
export async function loadRecipeData(recipe: Recipe, recipeFile: string): Promise<RecipeData> {
  const dir = dataDirOf(recipe, recipeFile);
  const data: RecipeData = new Map();
  for (const stage of recipe.stages) {
    if (stage.kind !== 'sft' && stage.kind !== 'grpo') continue;
    const files: StageDataFile[] = [];
    for (const entry of stage.data ?? []) {
      const file = typeof entry === 'string' ? entry : entry.file;
      const path = isAbsolute(file) ? file : join(dir, file);
      files.push({
        file: path,
        subStages: typeof entry === 'string' ? undefined : entry.subStages,
        rows: await readRowFile(path),
      });
    }
    data.set(stage.name, files);
  }
  return data;
}

// ── recipe → jobs (pure) ──────────────────────────────────────────────────────

function rowsFor(stage: string, subStage: string, data: RecipeData): RecipeRow[] {
  const files = data.get(stage) ?? [];
  if (files.length === 0)
    throw new CascadeError(
      'verl_data',
      'a stage on verl needs data files: add `data: [file.jsonl, …]` (relative to data.dir)',
      { where: `stages.${stage}.data` },
    );
  return files.filter((file) => !file.subStages || file.subStages.includes(subStage)).flatMap((f) => f.rows);
}

/** Ends the last user turn with the row's mode flag and earlier ones with /no_think (C1 history rule). */
export function withModeFlags(messages: readonly VerlMessage[], mode: Mode): VerlMessage[] {
  const lastUser = messages.findLastIndex((message) => message.role === 'user');
  return messages.map((message, index) => {
    if (message.role !== 'user' || FLAG.test(message.content)) return { ...message };
    return { ...message, content: message.content + FLAGS[index === lastUser ? mode : 'no_think'] };
  });
}

/** The mode of an SFT row without one: thinking when its answer reasons. */
function sftMode(row: RecipeRow): Mode {
  const answer = row.messages.findLast((message) => message.role === 'assistant');
  return answer?.content.includes('<think>') ? 'think' : 'no_think';
}

function grpoMode(row: RecipeRow, index: number, thinkingMode: GrpoStage['grpo']['thinkingMode']): Mode {
  if (row.mode) return row.mode;
  if (thinkingMode === 'half-half') return index % 2 === 0 ? 'think' : 'no_think';
  return thinkingMode;
}

/** Rows without `mode` in the stored row (VerlRow is what the engine writes). */
function plainRow({ mode: _mode, ...row }: RecipeRow): VerlRow {
  return row;
}

function repeatToFill(rows: VerlRow[], size: number, allowed: boolean, notes: string[]): VerlRow[] {
  if (rows.length === 0 || rows.length >= size || !allowed) return rows;
  notes.push(
    `${rows.length} rows cannot fill one step of ${size}: repeated to ${size} (data.repeatToFill; sample data — point data.dir at the real datasets)`,
  );
  return Array.from({ length: size }, (_, index) => {
    const row = rows[index % rows.length];
    const copy = Math.floor(index / rows.length);
    return copy === 0 ? row : { ...row, id: `${row.id}#${copy + 1}` };
  });
}

function jobName(stage: string, subStage: string, subStages: number): string {
  return subStages === 1 ? stage : `${stage}.${subStage}`;
}

function promptLengthOf(stage: GrpoStage | SftStage, subStage: string, verl: VerlRecipe): number {
  const own = stage.verl?.maxPromptLength;
  if (typeof own === 'number') return own;
  return own?.[subStage] ?? verl.maxPromptLength;
}

const LOSS: Record<GrpoStage['grpo']['lossAggregation'], VerlHyperparameters['lossAggregation']> = {
  'token-mean': 'token-mean',
  // Cascade's sequence-mean averages tokens within a sequence, then sequences
  'sequence-mean': 'seq-mean-token-mean',
};

function grpoNotes(stage: GrpoStage, recipe: Recipe, rmEndpoint: string | undefined): string[] {
  const g = stage.grpo;
  const notes: string[] = [];
  if (g.schedule.kind !== 'constant')
    notes.push(`schedule ${g.schedule.kind}: verl's actor gets the peak LR ${g.schedule.learningRate} only`);
  if (g.rewardShaping !== 'none')
    notes.push(`rewardShaping ${g.rewardShaping}: not applied (verl's GRPO normalises raw rewards)`);
  if (g.rewardComposition === 'if-rm')
    notes.push(
      'rewardComposition if-rm: the shim scores IF rows with the verifier only; the RM term needs a reward service that calls the RM',
    );
  if (g.codeSwitchPenalty)
    notes.push(
      `codeSwitchPenalty ${JSON.stringify(g.codeSwitchPenalty)}: must be applied by the reward service, not by verl`,
    );
  if (g.thinkingMode === 'half-half' && recipe.chat !== 'cascade-v1')
    notes.push(
      `thinkingMode half-half: chat ${recipe.chat} sets the mode per job (enable_thinking), so this job runs in thinking mode`,
    );
  if (g.thinkingMode === 'half-half' && recipe.chat === 'cascade-v1')
    notes.push(
      'thinkingMode half-half: rows alternate /think and /no_think (verl shuffles, so per batch ≈ half)',
    );
  if (stage.domains.includes('chat'))
    notes.push(`chat prompts are scored by the reward model served at ${rmEndpoint ?? '(no endpoint)'}`);
  return notes;
}

function grpoJobs(
  stage: GrpoStage,
  recipe: Recipe,
  verl: VerlRecipe,
  data: RecipeData,
  rmEndpoint: string | undefined,
): UnplacedJob[] {
  const g = stage.grpo;
  const shared = grpoNotes(stage, recipe, rmEndpoint);
  const rewardServiceUrls =
    stage.verl?.rewardServiceUrls ??
    (stage.domains.includes('chat') && rmEndpoint ? [rmEndpoint] : verl.rewardServiceUrls);
  return g.subStages.map((sub) => {
    const notes = [...shared];
    const rows = rowsFor(stage.name, sub.name, data).map((row, index) => {
      const mode = grpoMode(row, index, g.thinkingMode);
      const stored = plainRow(row);
      return recipe.chat === 'cascade-v1'
        ? { ...stored, messages: withModeFlags(row.messages, mode) }
        : stored;
    });
    // cascade-v1 puts the mode in the prompt text; enable_thinking must then add nothing
    const thinking =
      recipe.chat === 'cascade-v1' || g.thinkingMode !== 'no_think' ? 'thinking' : 'non-thinking';
    return {
      name: jobName(stage.name, sub.name, g.subStages.length),
      stage: stage.name,
      subStage: sub.name,
      notes,
      spec: {
        name: jobName(stage.name, sub.name, g.subStages.length),
        kind: 'grpo' as const,
        rows: repeatToFill(rows, g.promptsPerStep, recipe.data.repeatToFill === true, notes),
        hyperparameters: {
          promptsPerStep: g.promptsPerStep,
          groupSize: g.groupSize,
          learningRate: g.schedule.learningRate,
          maxPromptLength: promptLengthOf(stage, sub.name, verl),
          maxResponseLength: sub.maxResponseLength,
          temperature: sub.temperature,
          topP: sub.topP,
          ...(sub.topK > 0 ? { topK: sub.topK } : {}),
          lossAggregation: LOSS[g.lossAggregation],
          klCoefficient: g.klCoefficient,
          dynamicFilter: g.dynamicFilter,
          overlong: sub.overlong,
          totalSteps: sub.steps,
          thinking,
        },
        nodes: stage.verl?.nodes ?? verl.nodes,
        gpusPerNode: stage.verl?.gpusPerNode ?? verl.gpusPerNode,
        rewardServiceUrls,
        overrides: { ...verl.overrides.grpo, ...stage.verl?.overrides },
      },
    };
  });
}

/** Rows of an SFT sub-stage: only domains its `mix` names, each repeated by its weight (rounded). */
function mixRows(rows: RecipeRow[], mix: Record<string, number>, notes: string[]): RecipeRow[] {
  const out: RecipeRow[] = [];
  const dropped = new Map<string, number>();
  for (const row of rows) {
    const weight = mix[row.domain] ?? 0;
    if (weight <= 0) {
      dropped.set(row.domain, (dropped.get(row.domain) ?? 0) + 1);
      continue;
    }
    const copies = Math.max(1, Math.round(weight));
    for (let copy = 0; copy < copies; copy++)
      out.push(copy === 0 ? row : { ...row, id: `${row.id}#x${copy + 1}` });
  }
  for (const [domain, count] of dropped) notes.push(`${count} rows of domain ${domain} dropped: not in mix`);
  for (const [domain, weight] of Object.entries(mix))
    if (weight > 0 && !Number.isInteger(weight))
      notes.push(`mix ${domain}×${weight}: rows repeated ${Math.max(1, Math.round(weight))}×`);
  return out;
}

function sftJobs(stage: SftStage, recipe: Recipe, verl: VerlRecipe, data: RecipeData): UnplacedJob[] {
  const subs = stage.sft.stages;
  return subs.map((sub) => {
    const notes: string[] = [];
    const batch =
      sub.maxSequencesPerStep ?? Math.max(1, Math.floor(sub.tokensPerStep / sub.maxSequenceLength));
    const mixed = mixRows(rowsFor(stage.name, sub.name, data), sub.mix, notes).map((row) => {
      const stored = plainRow(row);
      return recipe.chat === 'cascade-v1'
        ? { ...stored, messages: withModeFlags(row.messages, row.mode ?? sftMode(row)) }
        : stored;
    });
    const rows = repeatToFill(mixed, batch, recipe.data.repeatToFill === true, notes);
    const steps = sub.maxSteps ?? Math.max(1, Math.ceil((sub.epochs * rows.length) / batch));
    const nodes = stage.verl?.nodes ?? 1;
    if ((stage.verl?.nodes ?? verl.nodes) > 1)
      notes.push("SFT runs on one node: verl's fsdp_sft_trainer starts under torchrun --standalone");
    if (sub.schedule.minLearningRate > 0)
      notes.push(`minLearningRate ${sub.schedule.minLearningRate}: verl's cosine decays to 0`);
    if (sub.schedule.totalSteps !== undefined && sub.schedule.totalSteps !== steps)
      notes.push(
        `cosine over ${sub.schedule.totalSteps} steps: verl's cosine spans the ${steps} trained steps`,
      );
    notes.push(
      `AdamW betas (${recipe.model.optimizer.beta1}, ${recipe.model.optimizer.beta2}): no key in the verl schema; verl's default applies`,
    );
    const name = jobName(stage.name, sub.name, subs.length);
    return {
      name,
      stage: stage.name,
      subStage: sub.name,
      notes,
      spec: {
        name,
        kind: 'sft' as const,
        rows,
        hyperparameters: {
          promptsPerStep: batch,
          groupSize: 1,
          learningRate: sub.schedule.learningRate,
          // verl's SFT reads one budget, data.max_length = prompt + response
          maxPromptLength: Math.floor(sub.maxSequenceLength / 2),
          maxResponseLength: sub.maxSequenceLength - Math.floor(sub.maxSequenceLength / 2),
          temperature: 1,
          topP: 1,
          lossAggregation: 'token-mean',
          klCoefficient: 0,
          dynamicFilter: 'none',
          overlong: 'zero-reward',
          totalSteps: steps,
          thinking: 'thinking',
        },
        nodes,
        gpusPerNode: stage.verl?.gpusPerNode ?? verl.gpusPerNode,
        rewardServiceUrls: [],
        overrides: {
          'optim.lr_scheduler': sub.schedule.kind === 'cosine' ? 'cosine' : 'constant',
          'optim.lr_warmup_steps_ratio': Math.min(1, sub.schedule.warmupSteps / steps),
          'optim.weight_decay': recipe.model.optimizer.weightDecay,
          'optim.clip_grad': recipe.model.optimizer.maxGradNorm,
          ...verl.overrides.sft,
          ...stage.verl?.overrides,
        },
      },
    };
  });
}

function rewardModelSkip(stage: RewardModelStage): VerlSkippedStage {
  return {
    stage: stage.name,
    kind: stage.kind,
    reason: stage.endpoint
      ? `verl has no Bradley–Terry RM trainer of this form: the RM is served at ${stage.endpoint}, not trained; later chat prompts are scored there`
      : 'verl has no Bradley–Terry RM trainer of this form: serve the RM and set its `endpoint`; skipped',
  };
}

/** Recipe + read data → the verl jobs in order, each from the previous job's merged checkpoint. Pure. */
export function planVerlCascade(
  recipe: Recipe,
  data: RecipeData,
  verlVersion?: VerlVersion,
): VerlCascadePlan {
  const parsed = recipe.verl;
  const verl: VerlRecipe = {
    verlVersion: verlVersion ?? parsed?.verlVersion ?? '0.8.0',
    nodes: parsed?.nodes ?? 1,
    gpusPerNode: parsed?.gpusPerNode ?? 8,
    rewardServiceUrls: parsed?.rewardServiceUrls ?? [],
    maxPromptLength: parsed?.maxPromptLength ?? 2048,
    clusterOutDir: parsed?.clusterOutDir,
    rewardShimPath: parsed?.rewardShimPath,
    saveEvery: parsed?.saveEvery,
    overrides: parsed?.overrides ?? { grpo: {}, sft: {} },
  };
  if (!recipe.model.checkpoint)
    throw new CascadeError(
      'verl_model',
      'the verl engine starts from a checkpoint (a Hugging Face id or a path the cluster sees), not an architecture',
      { where: 'model.checkpoint' },
    );
  const jobs: VerlPlannedJob[] = [];
  const skipped: VerlSkippedStage[] = [];
  let rmEndpoint: string | undefined;
  let previous: string | undefined;
  for (const stage of recipe.stages) {
    let planned: UnplacedJob[];
    if (stage.kind === 'reward-model') {
      rmEndpoint = stage.endpoint;
      skipped.push(rewardModelSkip(stage));
      continue;
    }
    if (stage.kind === 'distill') {
      skipped.push({
        stage: stage.name,
        kind: stage.kind,
        reason: 'MOPD needs teacher log-probs per token; no verl job is generated for it (run it embedded)',
      });
      continue;
    }
    if (stage.kind === 'sft') planned = sftJobs(stage, recipe, verl, data);
    else planned = grpoJobs(stage, recipe, verl, data, rmEndpoint);
    for (const job of planned) {
      const modelPath = previous ? { fromStage: previous } : recipe.model.checkpoint;
      jobs.push({ ...job, spec: { ...job.spec, modelPath } });
      previous = job.name;
    }
  }
  return { verl, jobs, skipped };
}

// ── plan text ─────────────────────────────────────────────────────────────────

const KEY_CONFIG = [
  'data.train_batch_size',
  'data.max_prompt_length',
  'data.max_response_length',
  'data.max_length',
  'actor_rollout_ref.actor.optim.lr',
  'optim.lr',
  'actor_rollout_ref.rollout.n',
  'actor_rollout_ref.rollout.temperature',
  'actor_rollout_ref.rollout.top_p',
  'actor_rollout_ref.rollout.top_k',
  'actor_rollout_ref.actor.loss_agg_mode',
  'actor_rollout_ref.actor.use_kl_loss',
  'algorithm.filter_groups.enable',
  'data.apply_chat_template_kwargs.enable_thinking',
  'trainer.total_training_steps',
  'trainer.nnodes',
  'trainer.n_gpus_per_node',
];

export interface VerlJobsOptions {
  /** --out, as this machine sees it. */
  out: string;
  clusterOutDir?: string;
}

/** Each planned job as verl would get it (config, entrypoint), without writing anything. Pure but for the schema read. */
export function verlJobsOf(
  plan: VerlCascadePlan,
  options: VerlJobsOptions,
): { job: VerlPlannedJob; verlJob: VerlJob }[] {
  const clusterOut = options.clusterOutDir ?? plan.verl.clusterOutDir ?? resolve(options.out);
  const shim = plan.verl.rewardShimPath ?? posix.join(clusterOut, 'cascade_reward.py');
  return plan.jobs.map((job) => {
    const model = job.spec.modelPath;
    const modelPath = typeof model === 'string' ? model : posix.join(clusterOut, model.fromStage, 'merged');
    const verlJob = buildVerlJob(job.spec, {
      verlVersion: plan.verl.verlVersion,
      modelPath,
      paths: clusterStagePaths(clusterOut, job.name, job.spec.kind === 'grpo' ? shim : ''),
      saveEvery: plan.verl.saveEvery,
    });
    return { job, verlJob };
  });
}

export function formatVerlPlan(plan: VerlCascadePlan, options: VerlJobsOptions): string {
  const v = plan.verl;
  const lines = [
    `verl jobs (verl ${v.verlVersion}; GRPO on ${v.nodes} node(s) × ${v.gpusPerNode} GPUs; reward service ${v.rewardServiceUrls.join(', ') || '(none set)'}):`,
  ];
  for (const [index, { job, verlJob }] of verlJobsOf(plan, options).entries()) {
    const from =
      typeof job.spec.modelPath === 'string'
        ? job.spec.modelPath
        : `${job.spec.modelPath.fromStage} (merged)`;
    lines.push(
      `${index + 1}. ${job.name} [${job.spec.kind}] ${verlJob.module}, ${job.spec.rows.length} rows, from ${from}`,
    );
    const keys = KEY_CONFIG.filter((key) => key in verlJob.config).map(
      (key) => `${key}=${JSON.stringify(verlJob.config[key])}`,
    );
    lines.push(`     ${keys.join(' ')}`);
    for (const note of [...job.notes, ...verlJob.warnings]) lines.push(`     note: ${note}`);
    lines.push(`     entrypoint: ${verlJob.entrypoint}`);
    lines.push(`     then: ${verlJob.mergeEntrypoint}`);
  }
  for (const skip of plan.skipped) lines.push(`skipped ${skip.stage} [${skip.kind}]: ${skip.reason}`);
  return `${lines.join('\n')}\n`;
}

// ── running ───────────────────────────────────────────────────────────────────

export interface RunVerlRecipeOptions {
  recipe: Recipe;
  data: RecipeData;
  out: string;
  rayAddress?: string;
  dryRun?: boolean;
  verlVersion?: VerlVersion;
  pollIntervalMs?: number;
  signal?: AbortSignal;
  onProgress?: (event: VerlProgress) => void;
  client?: RayJobsClient;
}

export interface VerlLineageJob {
  name: string;
  stage: string;
  subStage: string;
  kind: 'sft' | 'grpo';
  /** A Hugging Face id/path, or `<job>/merged` of the job before. */
  from: string;
  status: VerlStageResult['status'] | 'not-run';
  checkpoint?: string;
  skipped?: boolean;
  dir: string;
  message?: string;
  notes: string[];
  warnings: string[];
}

export interface VerlLineage {
  engine: 'verl';
  recipe: string;
  verlVersion: VerlVersion;
  dryRun: boolean;
  rayAddress?: string;
  jobs: VerlLineageJob[];
  skippedStages: VerlSkippedStage[];
  updatedAt: string;
}

async function writeLineageFile(out: string, lineage: VerlLineage): Promise<void> {
  await writeFile(
    join(out, 'lineage.json'),
    `${JSON.stringify({ ...lineage, updatedAt: new Date().toISOString() }, null, 2)}\n`,
  );
}

/**
 * Runs (or, dry, writes) every job in order; stops at the first that does not succeed. The same
 * command again resumes: merged jobs are skipped, a failed one is resubmitted (engine/verl).
 */
export async function runVerlRecipe(options: RunVerlRecipeOptions): Promise<VerlLineage> {
  const { recipe } = options;
  const out = resolve(options.out);
  const dryRun = options.dryRun ?? false;
  if (!dryRun && !options.rayAddress && !options.client)
    throw new CascadeError(
      'verl_ray_address',
      'give --ray-address (the Ray dashboard, e.g. http://head:8265), or --dry-run',
      {
        where: '--ray-address',
      },
    );
  const plan = planVerlCascade(recipe, options.data, options.verlVersion);
  await mkdir(out, { recursive: true });
  const lineage: VerlLineage = {
    engine: 'verl',
    recipe: recipe.name,
    verlVersion: plan.verl.verlVersion,
    dryRun,
    ...(options.rayAddress ? { rayAddress: options.rayAddress } : {}),
    jobs: plan.jobs.map((job) => ({
      name: job.name,
      stage: job.stage,
      subStage: job.subStage,
      kind: job.spec.kind,
      from:
        typeof job.spec.modelPath === 'string'
          ? job.spec.modelPath
          : `${job.spec.modelPath.fromStage}/merged`,
      status: 'not-run',
      dir: join(out, job.name),
      notes: job.notes,
      warnings: [],
    })),
    skippedStages: plan.skipped,
    updatedAt: '',
  };
  await writeLineageFile(out, lineage);
  const client =
    options.client ?? (dryRun ? undefined : createRayJobsClient({ address: options.rayAddress ?? '' }));
  for (const [index, job] of plan.jobs.entries()) {
    const result = await runVerlStage(job.spec, {
      rayAddress: options.rayAddress ?? '',
      outDir: out,
      clusterOutDir: plan.verl.clusterOutDir,
      verlVersion: plan.verl.verlVersion,
      rewardShimPath: plan.verl.rewardShimPath,
      saveEvery: plan.verl.saveEvery,
      dryRun,
      signal: options.signal,
      onProgress: options.onProgress,
      pollIntervalMs: options.pollIntervalMs,
      client,
    });
    const record = lineage.jobs[index];
    record.status = result.status;
    record.checkpoint = result.checkpoint;
    record.skipped = result.skipped;
    record.message = result.message;
    record.warnings = result.warnings;
    await writeLineageFile(out, lineage);
    if (result.status !== 'succeeded' && result.status !== 'dry-run') break;
  }
  return lineage;
}
