/** verl on Ray: stage specs → Parquet + pinned-version config → Ray jobs → merged checkpoints; plus the reward replica client. */
export {
  buildVerlJob,
  epochsFor,
  mergeEntrypoint,
  PPO_MODULE,
  SFT_MODULE,
  type VerlConfigOptions,
  type VerlJob,
  type VerlStagePaths,
} from './config.ts';
export { type FollowOptions, type FollowResult, followJob } from './follow.ts';
export { hydraValue, nestConfig, shellCommand, shellQuote, toConfigYaml, toHydraOverrides } from './hydra.ts';
export {
  dataSourceOf,
  groundTruthString,
  toVerlRows,
  toVerlSftRows,
  type VerlParquetRow,
  type VerlSftParquetRow,
  verlParquetBuffer,
  verlSftParquetBuffer,
  writeVerlParquet,
} from './parquet.ts';
export {
  createRayJobsClient,
  isTerminal,
  RAY_JOB_STATUSES,
  type RayJobDetails,
  type RayJobStatus,
  type RayJobSubmission,
  type RayJobsClient,
  type RayJobsClientOptions,
} from './ray-client.ts';
export {
  batchesOf,
  createRewardReplicaClient,
  type ReplicaLoad,
  type RewardReplicaClient,
  type RewardReplicaClientOptions,
} from './reward-client.ts';
export {
  clusterStagePaths,
  mergedCheckpoint,
  type RunVerlStageOptions,
  readVerlStage,
  runVerlCascade,
  runVerlStage,
  type VerlProgress,
  type VerlStageResult,
} from './runner.ts';
export {
  loadVerlSchema,
  type RewardLayout,
  VERL_VERSIONS,
  type VerlFlatConfig,
  type VerlKeySpec,
  type VerlSchema,
  type VerlVersion,
  validateVerlConfig,
} from './schema.ts';
export {
  checkStageSpec,
  type JsonValue,
  type LossAggregation,
  type VerlHyperparameters,
  type VerlMessage,
  type VerlRow,
  type VerlStageKind,
  type VerlStageSpec,
} from './spec.ts';
export type { VerlJobRecord, VerlStagePhase, VerlStageState } from './state.ts';
