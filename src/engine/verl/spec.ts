/**
 * What one cluster-scale stage is, independent of any recipe file: the lead maps recipe stages onto
 * `VerlStageSpec`, and this folder turns it into verl's Parquet, config and Ray jobs.
 * `checkStageSpec` rejects values verl would only reject hours later on the cluster.
 */
import { CascadeError } from '../../core/errors.ts';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export type VerlStageKind = 'grpo' | 'sft';

/** verl's `actor.loss_agg_mode` values; the paper uses token-mean. */
export type LossAggregation =
  | 'token-mean'
  | 'seq-mean-token-mean'
  | 'seq-mean-token-sum'
  | 'seq-mean-token-sum-norm';

/** One chat message of a Parquet prompt (text only: verl applies the chat template itself). */
export interface VerlMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
}

export interface VerlRow {
  id: string;
  /** A Cascade verifier domain (`math`, `ifeval`, `code`…): routes the reward through `data_source`. */
  domain: string;
  /** GRPO: the prompt; SFT: the whole conversation, assistant turns included. */
  messages: VerlMessage[];
  /** Gold answer (math, mcq) or the domain's task fields; strings go through as they are, anything else as JSON. */
  groundTruth: JsonValue;
  extra?: Record<string, JsonValue>;
}

export interface VerlHyperparameters {
  /** Prompts per optimizer step (verl `data.train_batch_size`). */
  promptsPerStep: number;
  /** Rollouts per prompt (GRPO's G; `rollout.n`). Ignored for SFT. */
  groupSize: number;
  learningRate: number;
  maxPromptLength: number;
  maxResponseLength: number;
  temperature: number;
  topP: number;
  /** 0 or undefined: no top-k cut. */
  topK?: number;
  lossAggregation: LossAggregation;
  /** 0: no KL term (the paper's default); > 0 turns on verl's KL loss with this coefficient. */
  klCoefficient: number;
  /** 'batch' = DAPO's group filter; 'epoch' = the paper's epoch-level filter (not in verl: warned). */
  dynamicFilter: 'none' | 'batch' | 'epoch';
  /** 'filter': truncated responses add no gradient; 'zero-reward': they score 0. */
  overlong: 'filter' | 'zero-reward';
  totalSteps: number;
  /** Passed to the chat template as `enable_thinking` (Qwen3-style templates). */
  thinking: 'thinking' | 'non-thinking';
}

export interface VerlStageSpec {
  name: string;
  kind: VerlStageKind;
  /** A Hugging Face dir or id as the cluster sees it, or the merged checkpoint of an earlier stage. */
  modelPath: string | { fromStage: string };
  rows: VerlRow[];
  hyperparameters: VerlHyperparameters;
  nodes: number;
  gpusPerNode: number;
  /** Reward service replicas (or one load balancer) the reward shim calls; GRPO only. */
  rewardServiceUrls: string[];
  /** Extra verl keys (dotted, checked against the pinned version's schema), e.g. rollout TP size. */
  overrides?: Record<string, string | number | boolean | string[]>;
}

const STAGE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function positiveInteger(value: number, key: string, stage: string): void {
  if (!Number.isInteger(value) || value < 1)
    throw new CascadeError('verl_bad_spec', `must be an integer ≥ 1, got ${value}`, {
      where: `stage ${stage}: ${key}`,
    });
}

function inRange(value: number, min: number, max: number, key: string, stage: string): void {
  if (!Number.isFinite(value) || value < min || value > max)
    throw new CascadeError('verl_bad_spec', `must be in [${min}, ${max}], got ${value}`, {
      where: `stage ${stage}: ${key}`,
    });
}

/** Throws a CascadeError naming the stage and field of the first value verl cannot take. */
export function checkStageSpec(spec: VerlStageSpec): void {
  const stage = spec.name;
  if (!STAGE_NAME.test(stage))
    throw new CascadeError(
      'verl_bad_spec',
      `stage name must match ${STAGE_NAME}, got ${JSON.stringify(stage)}`,
      {
        where: 'name',
      },
    );
  const h = spec.hyperparameters;
  positiveInteger(h.promptsPerStep, 'promptsPerStep', stage);
  positiveInteger(h.groupSize, 'groupSize', stage);
  positiveInteger(h.maxPromptLength, 'maxPromptLength', stage);
  positiveInteger(h.maxResponseLength, 'maxResponseLength', stage);
  positiveInteger(h.totalSteps, 'totalSteps', stage);
  positiveInteger(spec.nodes, 'nodes', stage);
  positiveInteger(spec.gpusPerNode, 'gpusPerNode', stage);
  inRange(h.learningRate, Number.MIN_VALUE, 1, 'learningRate', stage);
  inRange(h.temperature, 0, 10, 'temperature', stage);
  inRange(h.topP, Number.MIN_VALUE, 1, 'topP', stage);
  inRange(h.klCoefficient, 0, 10, 'klCoefficient', stage);
  if (h.topK !== undefined && (!Number.isInteger(h.topK) || h.topK < 0))
    throw new CascadeError('verl_bad_spec', `must be an integer ≥ 0, got ${h.topK}`, {
      where: `stage ${stage}: topK`,
    });
  if (spec.rows.length === 0)
    throw new CascadeError('verl_bad_spec', 'no rows', { where: `stage ${stage}: rows` });
  if (spec.rows.length < h.promptsPerStep)
    throw new CascadeError(
      'verl_bad_spec',
      `${spec.rows.length} rows cannot fill one step of ${h.promptsPerStep} prompts`,
      { where: `stage ${stage}: rows` },
    );
  const ids = new Set<string>();
  for (const [index, row] of spec.rows.entries()) {
    if (ids.has(row.id))
      throw new CascadeError('verl_bad_spec', `duplicate row id ${JSON.stringify(row.id)}`, {
        where: `stage ${stage}: rows[${index}]`,
      });
    ids.add(row.id);
    if (row.messages.length === 0)
      throw new CascadeError('verl_bad_spec', 'no messages', { where: `stage ${stage}: rows[${index}]` });
    if (spec.kind === 'sft' && !row.messages.some((message) => message.role === 'assistant'))
      throw new CascadeError('verl_bad_spec', 'an SFT row needs an assistant message to learn from', {
        where: `stage ${stage}: rows[${index}]`,
      });
  }
  if (spec.kind === 'grpo' && spec.rewardServiceUrls.length === 0)
    throw new CascadeError('verl_bad_spec', 'a GRPO stage needs at least one reward service URL', {
      where: `stage ${stage}: rewardServiceUrls`,
    });
  for (const url of spec.rewardServiceUrls) {
    if (!URL.canParse(url))
      throw new CascadeError('verl_bad_spec', `not a URL: ${JSON.stringify(url)}`, {
        where: `stage ${stage}: rewardServiceUrls`,
      });
  }
  if (spec.kind === 'sft' && spec.nodes > 1)
    throw new CascadeError(
      'verl_bad_spec',
      "verl's fsdp_sft_trainer runs under torchrun on one node per job; multi-node SFT is not supported here",
      { where: `stage ${stage}: nodes` },
    );
}
