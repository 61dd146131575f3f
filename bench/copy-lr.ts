/**
 * How fast the tiny cascade's model learns to copy from its context, per learning rate. Copying a
 * prompt's numbers and names is what its math, code and SWE answers need, and a model trained from
 * scratch has to learn it in SFT. Task: random digits, a random-length gap of letters, then the digits
 * again; loss (nats/token) on the copy only, so chance is ln 10 ≈ 2.30 and a variable gap rules out a
 * fixed-offset shortcut. Fresh data every step, so the training loss is a held-out loss.
 * Each learning rate trains the same initial weights on the same batches (the recipe's architecture
 * and AdamW settings, 20 warm-up steps, then constant). The baseline is the old SFT peak, 3e-3.
 *
 *   node --import tsx bench/copy-lr.ts [--json] [--steps 200] [--lrs 5e-4,1e-3,2e-3,3e-3]
 *                                      [--max-gap 12] [--recipe recipes/tiny.yaml]
 * --max-gap 120 puts the copy as far from its source as a code answer's name is from the prompt's.
 *
 * With --json, one object per line per figure: {bench, case, metric, value, unit, baseline?, ratio?}.
 */
import { parseArgs } from 'node:util';
import { loadRecipe } from '../src/cascade/load.ts';
import { Rng } from '../src/core/rng.ts';
import { parseQwen3Config } from '../src/engine/embedded/config.ts';
import { loadKernels } from '../src/engine/embedded/kernels/select.ts';
import { initializeParameters } from '../src/engine/embedded/params.ts';
import { OptimizerConfigSchema, Trainer } from '../src/engine/embedded/trainer.ts';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    steps: { type: 'string', default: '200' },
    lrs: { type: 'string', default: '5e-4,1e-3,2e-3,3e-3' },
    recipe: { type: 'string', default: 'recipes/tiny.yaml' },
    'max-gap': { type: 'string', default: '12' },
  },
});
const steps = Number(values.steps);
const learningRates = values.lrs.split(',').map(Number);
const BASELINE_LR = 3e-3;
const BATCH = 32;
const DIGITS = 10;
const MAX_GAP = Number(values['max-gap']);
if (!Number.isInteger(MAX_GAP) || MAX_GAP < 1 || MAX_GAP > 400)
  throw new Error(`--max-gap must be an integer from 1 to 400, got ${values['max-gap']}`);
const WARMUP = 20;
/** The loss under which the copy counts as learned (chance is 2.30). */
const LEARNED = 0.5;

const recipe = loadRecipe(values.recipe);
const config = parseQwen3Config(recipe.model.architecture);
const optimizer = OptimizerConfigSchema.parse(recipe.model.optimizer ?? {});
const kernels = await loadKernels('auto', {});

const BOS = 257;
const EOS = 258;
const byte = (char: string) => char.charCodeAt(0);

/** "<digits>:<gap>=<digits>" with weight 1 on the copied digits and the end token. */
function copyBatch(rng: Rng): { sequences: number[][]; weights: Float32Array[]; tokens: number } {
  const sequences: number[][] = [];
  const weights: Float32Array[] = [];
  let tokens = 0;
  for (let b = 0; b < BATCH; b++) {
    const digits = Array.from({ length: DIGITS }, () => byte('0') + rng.int(10));
    const gap = Array.from({ length: rng.int(MAX_GAP) }, () => byte('a') + rng.int(26));
    const prefix = [BOS, ...digits, byte(':'), ...gap, byte('=')];
    const sequence = [...prefix, ...digits, EOS];
    const weight = new Float32Array(sequence.length);
    weight.fill(1, prefix.length);
    sequences.push(sequence);
    weights.push(weight);
    tokens += sequence.length - prefix.length;
  }
  return { sequences, weights, tokens };
}

interface Run {
  lr: number;
  finalLoss: number;
  stepsToLearn: number | null;
  seconds: number;
}

function train(lr: number): Run {
  const trainer = new Trainer(config, 'lm', kernels, optimizer);
  initializeParameters(trainer.layout, trainer.params, config.initializer_range, new Rng(1));
  const data = new Rng(7);
  const losses: number[] = [];
  let stepsToLearn: number | null = null;
  const start = performance.now();
  for (let step = 1; step <= steps; step++) {
    const batch = copyBatch(data);
    const rate = lr * Math.min(1, step / WARMUP);
    const { loss } = trainer.step(batch.sequences, batch.weights, batch.tokens, rate);
    losses.push(loss);
    // learned once the mean of the last 10 steps is under the mark
    const recent = losses.slice(-10);
    if (stepsToLearn === null && recent.length === 10 && mean(recent) < LEARNED) stepsToLearn = step;
  }
  const finalLoss = mean(losses.slice(-20));
  return { lr, finalLoss, stepsToLearn, seconds: (performance.now() - start) / 1000 };
}

function mean(xs: number[]): number {
  return xs.reduce((sum, x) => sum + x, 0) / xs.length;
}

const runs: Run[] = [];
for (const lr of learningRates) {
  if (!values.json) process.stderr.write(`  lr ${lr}: ${steps} steps…\n`);
  runs.push(train(lr));
}
const baseline = runs.find((run) => run.lr === BASELINE_LR) ?? train(BASELINE_LR);
await kernels.dispose();
const arch = `${config.num_hidden_layers} layers, d ${config.hidden_size}`;
if (values.json) {
  for (const run of runs) {
    const item = `lr ${run.lr}, gap < ${MAX_GAP}`;
    const vs =
      run.lr === BASELINE_LR
        ? {}
        : { baseline: `lr ${BASELINE_LR}, gap < ${MAX_GAP}`, ratio: run.finalLoss / baseline.finalLoss };
    console.log(
      JSON.stringify({
        bench: 'copy-lr',
        case: item,
        metric: 'final_copy_loss',
        value: run.finalLoss,
        unit: 'nats/token',
        ...vs,
      }),
    );
    console.log(
      JSON.stringify({
        bench: 'copy-lr',
        case: item,
        metric: 'steps_to_learn',
        value: run.stepsToLearn,
        unit: 'steps',
      }),
    );
  }
} else {
  console.log(
    `copy task, ${recipe.name}'s model (${arch}), batch ${BATCH}, ${steps} steps, gap 0–${MAX_GAP - 1} letters; chance 2.30 nats/token`,
  );
  console.log('| learning rate | copy loss, last 20 steps | vs 3e-3 | steps to loss < 0.5 | time |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const run of runs)
    console.log(
      `| ${run.lr} | ${run.finalLoss.toFixed(3)} | ${(run.finalLoss / baseline.finalLoss).toFixed(2)}× | ${run.stepsToLearn ?? `not in ${steps}`} | ${run.seconds.toFixed(0)} s |`,
    );
}
