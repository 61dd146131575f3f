/**
 * The recipe: one YAML file that says which model a cascade starts from and which stages it runs, in
 * order. The schema is the documentation: every stage's hyperparameters are the trainers' own zod
 * configs, so a recipe key means exactly what the trainer's field means (paper-spec §4 per stage).
 */
import { z } from 'zod';
import { Qwen3ConfigSchema } from '../engine/embedded/config.ts';
import { VERL_VERSIONS } from '../engine/verl/index.ts';
import {
  DistillConfigSchema,
  GrpoConfigSchema,
  RewardModelConfigSchema,
  SftConfigSchema,
} from '../train/index.ts';

const chatFamilySchema = z.enum(['cascade-v1', 'cascade-v2', 'qwen3']);

const stageName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes (it names a folder)');

/**
 * Cluster engine only: a stage's data files (JSONL or Parquet, rows as in src/cascade/verl.ts),
 * relative to the recipe's `data.dir`; `subStages` limits a file to some sub-stages.
 */
const StageDataSchema = z.array(
  z.union([
    z.string().min(1),
    z.object({ file: z.string().min(1), subStages: z.array(z.string().min(1)).min(1).optional() }),
  ]),
);

const verlOverridesSchema = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]),
);

/** Cluster engine only: per-stage placement and verl keys on top of the recipe's `verl` section. */
const StageVerlSchema = z.object({
  nodes: z.number().int().positive().optional(),
  gpusPerNode: z.number().int().positive().optional(),
  /** One prompt budget, or one per sub-stage name (C1 SWE RL: 16K then 24K input). */
  maxPromptLength: z
    .union([z.number().int().positive(), z.record(z.string(), z.number().int().positive())])
    .optional(),
  /** Reward endpoints for this stage instead of the recipe's. */
  rewardServiceUrls: z.array(z.url()).min(1).optional(),
  overrides: verlOverridesSchema.optional(),
});

/** The synthetic suites of src/data/tasks; a stage names the ones it trains on. */
export const taskDomainSchema = z.enum(['chat', 'preference', 'ifeval', 'math', 'code', 'swe', 'mcq']);
export type RecipeDomain = z.infer<typeof taskDomainSchema>;
const difficultyLevelSchema = z.enum(['easy', 'medium', 'hard']);
/** One level, or weights over the levels (a missing level weighs 0). */
const difficultyMixSchema = z.union([
  difficultyLevelSchema,
  z
    .partialRecord(difficultyLevelSchema, z.number().min(0))
    .refine((weights) => Object.values(weights).some((weight) => (weight ?? 0) > 0), {
      message: 'at least one level must weigh more than 0',
    }),
]);

const SftStageRecipe = z.object({
  name: stageName,
  kind: z.literal('sft'),
  description: z.string().optional(),
  /** Task suites whose teacher answers form the SFT data, in the modes each suite is written in. */
  domains: z.array(taskDomainSchema).min(1),
  sft: SftConfigSchema,
  data: StageDataSchema.optional(),
  verl: StageVerlSchema.optional(),
});

const RewardModelStageRecipe = z.object({
  name: stageName,
  kind: z.literal('reward-model'),
  description: z.string().optional(),
  domain: z.literal('preference').default('preference'),
  /** Held-out pairs for the accuracy the stage reports. */
  evalPairs: z.number().int().positive().default(64),
  rewardModel: RewardModelConfigSchema,
  /** Cluster engine: the RM is served here (not trained on verl); chat prompts of later stages go to it. */
  endpoint: z.url().optional(),
});

const GrpoStageRecipe = z.object({
  name: stageName,
  kind: z.literal('grpo'),
  description: z.string().optional(),
  /** One domain, or several for Cascade 2's multi-domain RL: each prompt goes to its own verifier. */
  domains: z.array(taskDomainSchema).min(1),
  /** How `chat` prompts are scored: by the reward model of the recipe's reward-model stage (RLHF). */
  grpo: GrpoConfigSchema,
  data: StageDataSchema.optional(),
  verl: StageVerlSchema.optional(),
});

const DistillStageRecipe = z.object({
  name: stageName,
  kind: z.literal('distill'),
  description: z.string().optional(),
  domains: z.array(taskDomainSchema).min(1),
  /** Domain → the earlier stage whose final policy teaches it (MOPD: the best checkpoint per domain). */
  teachers: z.record(z.string(), stageName),
  distill: DistillConfigSchema,
});

export const StageRecipeSchema = z.discriminatedUnion('kind', [
  SftStageRecipe,
  RewardModelStageRecipe,
  GrpoStageRecipe,
  DistillStageRecipe,
]);
export type StageRecipe = z.output<typeof StageRecipeSchema>;
export type StageKind = StageRecipe['kind'];

const ModelSchema = z
  .object({
    /** A Hugging Face Qwen3 config.json object for a model trained from scratch… */
    architecture: Qwen3ConfigSchema.optional(),
    /** …or a checkpoint folder to start from. */
    checkpoint: z.string().optional(),
    kernels: z
      .enum(['auto', 'native', 'wasm', 'reference'])
      .default('auto')
      .describe('GEMM backend of the embedded engine; CASCADE_KERNELS overrides it.'),
    optimizer: z
      .object({
        beta1: z.number().default(0.9),
        beta2: z.number().default(0.95),
        weightDecay: z.number().min(0).default(0),
        maxGradNorm: z.number().positive().default(1),
      })
      .prefault({}),
  })
  .refine((model) => (model.architecture === undefined) !== (model.checkpoint === undefined), {
    message: 'give exactly one of model.architecture and model.checkpoint',
  });

/** The cluster engine (`--engine verl`): where and how stages run on Ray; see docs/scale.md. */
const VerlRecipeSchema = z.object({
  verlVersion: z.enum(VERL_VERSIONS).default('0.8.0'),
  nodes: z.number().int().positive().default(1),
  gpusPerNode: z.number().int().positive().default(8),
  /** Cascade reward service replicas (or one load balancer) the verl reward shim calls. */
  rewardServiceUrls: z.array(z.url()).default([]),
  /** Prompt token budget of GRPO jobs (`data.max_prompt_length`) unless a stage sets its own. */
  maxPromptLength: z.number().int().positive().default(2048),
  /** The --out folder as the cluster sees it (a shared filesystem); default: the same path. */
  clusterOutDir: z.string().optional(),
  /** integrations/verl/cascade_reward.py on the cluster; default: a copy under --out. */
  rewardShimPath: z.string().optional(),
  /** Steps between verl checkpoints (default 20). */
  saveEvery: z.number().int().positive().optional(),
  /** Extra verl keys for every job of a kind, checked against the pinned version's schema. */
  overrides: z
    .object({ grpo: verlOverridesSchema.default({}), sft: verlOverridesSchema.default({}) })
    .prefault({}),
});
export type VerlRecipe = z.output<typeof VerlRecipeSchema>;

const EvaluationSchema = z
  .object({
    domains: z.array(taskDomainSchema).min(1).describe('The columns of the forgetting matrix.'),
    modes: z
      .array(z.enum(['think', 'no_think']))
      .min(1)
      .default(['think', 'no_think']),
    prompts: z.number().int().positive().default(32).describe('Held-out prompts per domain.'),
    /** Held-out prompts for these domains instead of `prompts`: more where answers are short and scores small. */
    promptsByDomain: z.partialRecord(taskDomainSchema, z.number().int().positive()).default({}),
    samples: z.number().int().positive().default(4).describe('Completions per prompt (avg@n).'),
    maxNewTokens: z.number().int().positive().default(256),
    temperature: z.number().min(0).default(0.6).describe('Cascade 1 evaluates at 0.6, top-p 0.95.'),
    topP: z.number().gt(0).max(1).default(0.95),
    /** Evaluate the starting model too (a `base` row); useless for a model trained from scratch. */
    base: z.boolean().default(false),
  })
  .describe('Held-out evaluation of every domain in both modes after every stage.');

export const RecipeSchema = z
  .object({
    name: stageName,
    description: z.string().optional(),
    seed: z.number().int().min(0).default(1),
    engine: z.enum(['embedded', 'verl']).default('embedded'),
    model: ModelSchema,
    tokenizer: z
      .string()
      .default('byte')
      .describe('"byte" (the 256-byte tokenizer of tiny models) or a folder with tokenizer.json.'),
    chat: chatFamilySchema.default('qwen3'),
    data: z
      .object({
        /** Train items generated per suite (the suites cap some at their prompt space). */
        trainItems: z.partialRecord(taskDomainSchema, z.number().int().positive()).default({}),
        defaultTrainItems: z.number().int().positive().default(1000),
        /** The difficulty levels a suite draws from, for training and evaluation alike (default: all three evenly). */
        difficulty: z.partialRecord(taskDomainSchema, difficultyMixSchema).default({}),
        /** Cluster engine: the folder stage `data` files are relative to (relative: to the recipe file). */
        dir: z.string().optional(),
        /** Cluster engine: repeat a stage's rows to fill one step when it has fewer (sample data). */
        repeatToFill: z.boolean().optional(),
      })
      .prefault({}),
    stages: z
      .array(StageRecipeSchema)
      .min(1)
      .refine((stages) => new Set(stages.map((stage) => stage.name)).size === stages.length, {
        message: 'stage names must be unique',
      }),
    evaluation: EvaluationSchema,
    verl: VerlRecipeSchema.optional(),
    /** Named sets of `path: value` overrides, chosen with --profile (same paths as --set). */
    profiles: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
  })
  .superRefine((recipe, context) => {
    const seen = new Set<string>();
    for (const [index, stage] of recipe.stages.entries()) {
      if (stage.kind === 'distill')
        for (const [domain, teacher] of Object.entries(stage.teachers))
          if (!seen.has(teacher))
            context.addIssue({
              code: 'custom',
              path: ['stages', index, 'teachers', domain],
              message: `teacher "${teacher}" is not an earlier stage`,
            });
      if (stage.kind === 'grpo' && stage.domains.includes('chat')) {
        const rm = recipe.stages.slice(0, index).some((earlier) => earlier.kind === 'reward-model');
        if (!rm)
          context.addIssue({
            code: 'custom',
            path: ['stages', index, 'domains'],
            message: 'chat prompts are scored by a reward model: put a reward-model stage before this one',
          });
      }
      if (stage.kind === 'grpo' && stage.grpo.rewardComposition === 'if-rm') {
        const rm = recipe.stages.slice(0, index).some((earlier) => earlier.kind === 'reward-model');
        if (!rm)
          context.addIssue({
            code: 'custom',
            path: ['stages', index, 'grpo', 'rewardComposition'],
            message: 'the if-rm reward needs a reward-model stage before this one',
          });
      }
      seen.add(stage.name);
    }
  });

export type Recipe = z.output<typeof RecipeSchema>;
export type RecipeInput = z.input<typeof RecipeSchema>;
