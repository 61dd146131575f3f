/**
 * `cascade run [recipe.yaml]` runs a whole cascade (default: recipes/tiny.yaml) and writes its
 * report; `cascade plan [recipe.yaml]` prints what it would do. The same --out and seed resume.
 */
import { setMaxListeners } from 'node:events';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Command, Option } from 'commander';
import { loadRecipe } from '../cascade/load.ts';
import { formatPlan } from '../cascade/plan.ts';
import { createRunReporter } from '../cascade/progress.ts';
import type { Recipe } from '../cascade/recipe.ts';
import { writeRunReport } from '../cascade/run-report.ts';
import { runCascade } from '../cascade/runner.ts';
import { formatVerlPlan, loadRecipeData, planVerlCascade, runVerlRecipe } from '../cascade/verl.ts';
import { CascadeError } from '../core/errors.ts';
import { loadKernels, parseKernelsChoice } from '../engine/embedded/kernels/select.ts';
import { VERL_VERSIONS, type VerlProgress, type VerlVersion } from '../engine/verl/index.ts';
import {
  createByteTokenizer,
  loadHfTokenizer,
  saveByteTokenizer,
  type TextTokenizer,
} from '../tokenizer/index.ts';

export const DEFAULT_RECIPE = fileURLToPath(new URL('../../recipes/tiny.yaml', import.meta.url));

interface RunFlags {
  profile?: string;
  out?: string;
  seed?: string;
  seeds?: string;
  set: string[];
  engine?: 'embedded' | 'verl';
  rayAddress?: string;
  dryRun?: boolean;
  verlVersion?: VerlVersion;
  pollIntervalMs?: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

function parseSeeds(flags: RunFlags, recipe: Recipe): number[] {
  const text = flags.seeds ?? flags.seed;
  if (text === undefined) return [recipe.seed];
  const seeds = text.split(',').map((part) => Number(part.trim()));
  if (seeds.some((seed) => !Number.isInteger(seed) || seed < 0))
    throw new CascadeError('run.seed', `seeds are whole numbers ≥ 0, got "${text}"`, {
      where: flags.seeds ? '--seeds' : '--seed',
    });
  return seeds;
}

async function openTokenizer(
  recipe: Recipe,
  out: string,
): Promise<{ tokenizer: TextTokenizer; files: Record<string, string> }> {
  if (recipe.tokenizer === 'byte') {
    const dir = join(out, 'tokenizer');
    await saveByteTokenizer(dir);
    return {
      tokenizer: createByteTokenizer(),
      files: {
        'tokenizer.json': join(dir, 'tokenizer.json'),
        'tokenizer_config.json': join(dir, 'tokenizer_config.json'),
      },
    };
  }
  const dir = resolve(recipe.tokenizer);
  return {
    tokenizer: await loadHfTokenizer(dir),
    files: {
      'tokenizer.json': join(dir, 'tokenizer.json'),
      'tokenizer_config.json': join(dir, 'tokenizer_config.json'),
    },
  };
}

const engineOption = () =>
  new Option(
    '--engine <engine>',
    "embedded (this machine) or verl (a Ray cluster); default: the recipe's",
  ).choices(['embedded', 'verl']);
const verlVersionOption = () =>
  new Option(
    '--verl-version <version>',
    "verl's config layout (default: the recipe's verl.verlVersion)",
  ).choices([...VERL_VERSIONS]);

function outOf(flags: RunFlags, recipe: Recipe, profile: string | undefined): string {
  return resolve(flags.out ?? join('runs', profile ? `${recipe.name}-${profile}` : recipe.name));
}

function describeProgress(event: VerlProgress): string | undefined {
  switch (event.event) {
    case 'written':
      return `${event.stage}: wrote ${event.dir}${event.warnings.length ? ` (${event.warnings.length} warning(s) in config.yaml)` : ''}`;
    case 'skipped':
      return `${event.stage}: already merged → ${event.checkpoint}`;
    case 'submitted':
      return `${event.stage}: submitted ${event.job} attempt ${event.attempt} (${event.submissionId})`;
    case 'attached':
      return `${event.stage}: re-attached to ${event.job} ${event.submissionId}`;
    case 'status':
      return `${event.stage}: ${event.job} ${event.status}`;
    case 'finished':
      return `${event.stage}: ${event.status}${event.checkpoint ? ` → ${event.checkpoint}` : ''}`;
    case 'log':
      return undefined;
  }
}

/** `cascade run --engine verl`: every SFT/GRPO sub-stage as a verl job on Ray (or, dry, its files). */
async function runOnVerl(recipeFile: string, recipe: Recipe, flags: RunFlags, out: string): Promise<void> {
  const pollIntervalMs = flags.pollIntervalMs === undefined ? undefined : Number(flags.pollIntervalMs);
  if (pollIntervalMs !== undefined && !(Number.isInteger(pollIntervalMs) && pollIntervalMs > 0))
    throw new CascadeError('run.poll', `a whole number of milliseconds > 0, got "${flags.pollIntervalMs}"`, {
      where: '--poll-interval-ms',
    });
  const data = await loadRecipeData(recipe, recipeFile);
  const controller = new AbortController();
  const interrupt = () =>
    controller.abort(new CascadeError('run.interrupted', 'interrupted; re-run the same command to resume'));
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    process.stderr.write(
      `cascade run ${recipe.name} on verl${flags.dryRun ? ' (dry run: nothing is submitted)' : ` at ${flags.rayAddress ?? '?'}`} → ${out}\n`,
    );
    const lineage = await runVerlRecipe({
      recipe,
      data,
      out,
      rayAddress: flags.rayAddress,
      dryRun: flags.dryRun,
      verlVersion: flags.verlVersion,
      pollIntervalMs,
      signal: controller.signal,
      onProgress: (event) => {
        const line = describeProgress(event);
        if (line) process.stderr.write(`${line}\n`);
      },
    });
    for (const job of lineage.jobs)
      process.stdout.write(`${job.name}\t${job.status}${job.checkpoint ? `\t${job.checkpoint}` : ''}\n`);
    for (const skip of lineage.skippedStages)
      process.stdout.write(`${skip.stage}\tskipped\t${skip.reason}\n`);
    process.stdout.write(`lineage: ${join(out, 'lineage.json')}\n`);
    const failed = lineage.jobs.find((job) => job.status === 'failed' || job.status === 'stopped');
    if (failed)
      throw new CascadeError(
        'run.verl_job',
        `job ${failed.name} ${failed.status}: ${failed.message ?? ''}; re-run the same command to resume`,
        { where: join(failed.dir, 'job.json') },
      );
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run a cascade: every stage in order, evaluation after each, then the report')
    .argument('[recipe]', 'recipe YAML', DEFAULT_RECIPE)
    .option('--profile <name>', 'a profile of the recipe (tiny: quick | full)')
    .option('--out <dir>', 'output folder (default runs/<recipe name>[-<profile>]); the same folder resumes')
    .option('--seed <n>', "seed (default: the recipe's)")
    .option('--seeds <list>', 'several seeds, e.g. 1,2,3: one run each under <out>/seed-<n>, one report')
    .option(
      '--set <path=value>',
      'override a recipe value, e.g. stages.math-rl.grpo.groupSize=4',
      collect,
      [],
    )
    .addOption(engineOption())
    .option('--ray-address <url>', 'verl: the Ray dashboard, e.g. http://head:8265')
    .option('--dry-run', "verl: write every job's Parquet, config and job.json; submit nothing")
    .addOption(verlVersionOption())
    .option('--poll-interval-ms <ms>', 'verl: between job status polls (default 15000)')
    .action(async (recipeFile: string, flags: RunFlags) => {
      const profile = flags.profile === 'full' ? undefined : flags.profile;
      const recipe = loadRecipe(recipeFile, { profile, sets: flags.set });
      if ((flags.engine ?? recipe.engine) === 'verl') {
        const out = outOf(flags, recipe, profile);
        mkdirSync(out, { recursive: true });
        return runOnVerl(recipeFile, recipe, flags, out);
      }
      if (recipe.engine !== 'embedded')
        throw new CascadeError(
          'run.engine',
          `engine "${recipe.engine}" runs with --engine verl (see the README's scale section)`,
          {
            where: recipeFile,
          },
        );
      const seeds = parseSeeds(flags, recipe);
      const out = resolve(flags.out ?? join('runs', profile ? `${recipe.name}-${profile}` : recipe.name));
      mkdirSync(out, { recursive: true });
      const choice = parseKernelsChoice(process.env.CASCADE_KERNELS || recipe.model.kernels);
      // one probe to name the backend; every engine of the run then loads its own (see cascade/engines.ts)
      const kernels = await loadKernels(choice);
      const reporter = createRunReporter(process.stderr);
      const controller = new AbortController();
      // every in-flight verification listens for the abort
      setMaxListeners(0, controller.signal);
      const interrupt = () =>
        controller.abort(
          new CascadeError('run.interrupted', 'interrupted; re-run the same command to resume'),
        );
      process.once('SIGINT', interrupt);
      process.once('SIGTERM', interrupt);
      try {
        process.stderr.write(
          `cascade run ${recipe.name} (${profile ?? 'full'}) → ${out}, kernels ${kernels.name}, seeds ${seeds.join(', ')}\n`,
        );
        const lineages = [];
        for (const seed of seeds) {
          const seedOut = seeds.length > 1 ? join(out, `seed-${seed}`) : out;
          const { tokenizer, files } = await openTokenizer(recipe, seedOut);
          if (seeds.length > 1) process.stderr.write(`seed ${seed} → ${seedOut}\n`);
          lineages.push(
            await runCascade({
              recipe,
              profile: profile ?? 'full',
              seed,
              out: seedOut,
              loadKernels: () => loadKernels(choice),
              tokenizer,
              tokenizerFiles: files,
              onEvent: (event) => reporter.onEvent(event),
              signal: controller.signal,
            }),
          );
          if (seeds.length > 1)
            await writeRunReport(seedOut, recipe, [lineages[lineages.length - 1]], [seedOut]);
        }
        reporter.stop();
        const written = await writeRunReport(
          out,
          recipe,
          lineages,
          seeds.length > 1 ? seeds.map((s) => join(out, `seed-${s}`)) : [out],
        );
        process.stdout.write(written.summary);
        process.stdout.write(`report: ${written.html}\n`);
      } finally {
        reporter.stop();
        process.off('SIGINT', interrupt);
        process.off('SIGTERM', interrupt);
        await kernels.dispose();
      }
    });

  program
    .command('plan')
    .description('print the resolved plan of a recipe: stages, data, hyperparameters, evaluation')
    .argument('[recipe]', 'recipe YAML', DEFAULT_RECIPE)
    .option('--profile <name>', 'a profile of the recipe')
    .option('--seed <n>', "seed (default: the recipe's)")
    .option('--out <dir>', 'output folder the run would use')
    .option('--set <path=value>', 'override a recipe value', collect, [])
    .addOption(engineOption())
    .addOption(verlVersionOption())
    .action(async (recipeFile: string, flags: RunFlags) => {
      const profile = flags.profile === 'full' ? undefined : flags.profile;
      const recipe = loadRecipe(recipeFile, { profile, sets: flags.set });
      const [seed] = parseSeeds(flags, recipe);
      const out = outOf(flags, recipe, profile);
      process.stdout.write(formatPlan(recipe, seed, out));
      if ((flags.engine ?? recipe.engine) === 'verl') {
        const plan = planVerlCascade(recipe, await loadRecipeData(recipe, recipeFile), flags.verlVersion);
        process.stdout.write(`\n${formatVerlPlan(plan, { out })}`);
      }
    });
}
