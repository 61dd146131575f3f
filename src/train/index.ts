/** The trainers: one loop per method over the StepEngine seam, plus the pieces they share. */
export {
  expectMethod,
  type FoundCheckpoint,
  latestCheckpoint,
  readTrainerState,
  type Saveable,
  saveTrainerCheckpoint,
  stepDirName,
  type TrainerState,
} from './checkpointing.ts';
export { type MixedRow, mixEpoch } from './data-mix.ts';
export {
  type DistillConfig,
  type DistillConfigInput,
  DistillConfigSchema,
  type DistillRunOptions,
  runDistill,
} from './distill.ts';
export {
  type GrpoConfig,
  type GrpoConfigInput,
  GrpoConfigSchema,
  type GrpoResult,
  type GrpoRunOptions,
  GrpoSubStageSchema,
  runGrpo,
  subStageAt,
} from './grpo.ts';
export { type MetricsCallback, PhaseTimer, type TrainerMethod, type TrainerMetrics } from './metrics.ts';
export { type PackingOptions, packByTokenBudget } from './packing.ts';
export { PromptStream, type PromptStreamState } from './prompt-stream.ts';
export { createPythonSession, type PythonSessionOptions, STATEFUL_PYTHON_TOOL } from './python-session.ts';
export {
  createRewardScorer,
  type PairwiseRewardModel,
  type PreferencePair,
  pairAccuracy,
  type RewardModelConfig,
  type RewardModelConfigInput,
  RewardModelConfigSchema,
  type RewardModelRunOptions,
  rewardInputIds,
  runRewardModel,
} from './reward-model.ts';
export {
  type Rollout,
  type RolloutPrompt,
  type RolloutRequest,
  type SamplingSettings,
  sampleGroups,
  scoringText,
  sequenceOf,
  verifierText,
  verifyWithTimeout,
} from './rollout.ts';
export { learningRateAt, type Schedule, type ScheduleInput, ScheduleSchema } from './schedule.ts';
export {
  runSft,
  type SftConfig,
  type SftConfigInput,
  SftConfigSchema,
  type SftExample,
  type SftRunOptions,
  SftStageSchema,
} from './sft.ts';
export {
  runToolRollout,
  type ToolExecutor,
  type ToolRolloutOptions,
  type ToolTrajectory,
  toolResponseSuffix,
} from './tool-rollout.ts';
