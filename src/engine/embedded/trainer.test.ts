/**
 * Model correctness against an independent float64 oracle (float64-reference.ts).
 *
 * Gradient check, and why it is sound in float32: the engine computes in float32, so instead of making the
 * model generic we take its float32 parameters, widen them exactly to float64, and differentiate the
 * float64 oracle by central differences (h = 1e-5: truncation ~h² and round-off ~1e-16/h are both
 * ≲ 1e-10). That gradient is exact to ~1e-9 for the very function the engine evaluates, so any error left
 * is the engine's: float32 round-off (relative ~1e-6 on O(1) values) or a bug (relative ~1). A tolerance
 * of 1e-3 relative to each tensor's gradient scale separates the two by orders of magnitude.
 * Parameters are drawn at std 0.5 (norm weights 1 ± 0.3) so every path carries an O(1) signal.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng } from '../../core/rng.ts';
import { parseQwen3Config, type Qwen3Config, type Qwen3ConfigInput } from './config.ts';
import { logSoftmaxAt, referenceLogits, referenceLoss, referencePairLoss } from './float64-reference.ts';
import { referenceKernels } from './kernels/reference.ts';
import type { ModelHead } from './params.ts';
import { microBatches, OptimizerConfigSchema, Trainer } from './trainer.ts';

const tiny = (overrides: Partial<Qwen3ConfigInput> = {}): Qwen3Config =>
  parseQwen3Config({
    vocab_size: 11,
    hidden_size: 8,
    intermediate_size: 12,
    num_hidden_layers: 2,
    num_attention_heads: 2,
    num_key_value_heads: 1,
    head_dim: 4,
    rms_norm_eps: 1e-6,
    rope_theta: 10_000,
    tie_word_embeddings: false,
    max_position_embeddings: 64,
    ...overrides,
  });

function makeTrainer(config: Qwen3Config, head: ModelHead = 'lm', seed = 1): Trainer {
  const trainer = new Trainer(config, head, referenceKernels, OptimizerConfigSchema.parse({}));
  const rng = new Rng(seed);
  for (const spec of trainer.layout.specs)
    for (let i = spec.offset; i < spec.offset + spec.size; i++)
      trainer.params[i] = spec.init === 'ones' ? 1 + 0.3 * rng.normal() : 0.5 * rng.normal();
  return trainer;
}

function referenceParams(trainer: Trainer): Map<string, Float64Array> {
  return new Map(
    trainer.layout.specs.map((spec) => [
      spec.name,
      Float64Array.from(trainer.params.subarray(spec.offset, spec.offset + spec.size)),
    ]),
  );
}

// every element under CASCADE_SLOW_TESTS; by default 6 seeded-random elements of every tensor (keeps the file fast)
const elementsPerTensor = process.env.CASCADE_SLOW_TESTS ? Number.POSITIVE_INFINITY : 6;

function probedIndices(size: number, rng: Rng): number[] {
  if (size <= elementsPerTensor) return Array.from({ length: size }, (_, i) => i);
  return rng.shuffle(Array.from({ length: size }, (_, i) => i)).slice(0, elementsPerTensor);
}

/** Central differences of `loss` in the probed elements of every tensor (NaN elsewhere); params are restored. */
function numericGradients(
  params: Map<string, Float64Array>,
  loss: () => number,
  h = 1e-5,
): Map<string, Float64Array> {
  const out = new Map<string, Float64Array>();
  const rng = new Rng(99);
  for (const [name, tensor] of params) {
    const grad = new Float64Array(tensor.length).fill(Number.NaN);
    for (const i of probedIndices(tensor.length, rng)) {
      const saved = tensor[i];
      tensor[i] = saved + h;
      const plus = loss();
      tensor[i] = saved - h;
      const minus = loss();
      tensor[i] = saved;
      grad[i] = (plus - minus) / (2 * h);
    }
    out.set(name, grad);
  }
  return out;
}

function expectGradientsClose(trainer: Trainer, expected: Map<string, Float64Array>, label: string): void {
  for (const spec of trainer.layout.specs) {
    const want = expected.get(spec.name)!;
    const got = trainer.grads.subarray(spec.offset, spec.offset + spec.size);
    let scale = 0;
    let maxDiff = 0;
    let worst = 0;
    for (let i = 0; i < want.length; i++) {
      if (Number.isNaN(want[i])) continue;
      scale = Math.max(scale, Math.abs(want[i]));
      if (Math.abs(got[i] - want[i]) >= maxDiff) [maxDiff, worst] = [Math.abs(got[i] - want[i]), i];
    }
    assert.ok(
      scale > 1e-6,
      `${label} ${spec.name}: reference gradient is all ~0, the check would be vacuous`,
    );
    assert.ok(
      maxDiff <= 1e-3 * scale + 1e-7,
      `${label} ${spec.name}: max |diff| ${maxDiff.toExponential(2)} vs gradient scale ${scale.toExponential(2)}; ` +
        `at [${worst}] got ${got[worst].toFixed(6)} want ${want[worst].toFixed(6)}`,
    );
  }
}

// three sequences of different lengths, so packing and per-sequence attention are exercised
const sequences = [
  [1, 5, 2, 9, 3],
  [4, 4, 10],
  [7, 0, 6, 2],
];
const weights = [
  Float32Array.from([0, 1, -0.5, 2, 1]),
  Float32Array.from([0, 0.7, 1]),
  Float32Array.from([0, 0, 1.5, -1]),
];

describe('Qwen3 model against the float64 oracle', () => {
  for (const [label, overrides] of [
    ['GQA 2 heads / 1 kv head, untied', {}],
    ['MHA, tied embeddings', { num_key_value_heads: 2, tie_word_embeddings: true }],
    [
      'GQA 4 heads / 2 kv heads, tied',
      { num_attention_heads: 4, num_key_value_heads: 2, tie_word_embeddings: true },
    ],
  ] as const) {
    it(`logits equal the oracle's (${label})`, () => {
      const config = tiny(overrides);
      const trainer = makeTrainer(config);
      const params = referenceParams(trainer);
      const logprobs = trainer.logprobs(sequences);
      let maxDiff = 0;
      sequences.forEach((tokens, i) => {
        const logits = referenceLogits(config, params, tokens);
        assert.equal(logprobs[i][0], 0);
        for (let t = 1; t < tokens.length; t++)
          maxDiff = Math.max(maxDiff, Math.abs(logprobs[i][t] - logSoftmaxAt(logits[t - 1], tokens[t])));
      });
      assert.ok(maxDiff < 1e-5, `teacher-forced logprobs max |diff| ${maxDiff.toExponential(2)}`);
    });

    it(`every parameter gradient matches central differences (${label})`, () => {
      const config = tiny(overrides);
      const trainer = makeTrainer(config);
      const params = referenceParams(trainer);
      const normalizer = 4;
      const { loss, tokens } = trainer.lossAndGradients(sequences, weights, normalizer);
      const want = referenceLoss(config, params, sequences, weights, normalizer);
      assert.ok(Math.abs(loss - want) < 1e-5, `loss ${loss} vs oracle ${want}`);
      assert.equal(tokens, 8, 'tokens counts predictions with nonzero weight');
      const numeric = numericGradients(params, () =>
        referenceLoss(config, params, sequences, weights, normalizer),
      );
      expectGradientsClose(trainer, numeric, label);
    });
  }

  it('a sequence scores the same alone as in a batch (packing isolates sequences)', () => {
    const trainer = makeTrainer(tiny());
    const batched = trainer.logprobs(sequences);
    const alone = trainer.logprobs([sequences[1]]);
    assert.deepEqual(Array.from(alone[0]), Array.from(batched[1]));
  });

  it('reward head and Bradley–Terry gradient match central differences', () => {
    const config = tiny();
    const trainer = makeTrainer(config, 'score');
    assert.ok(trainer.layout.byName.has('score.weight'));
    assert.ok(!trainer.layout.byName.has('lm_head.weight'), 'a sequence classifier has no lm_head');
    const params = referenceParams(trainer);
    const chosen = [sequences[0], sequences[2]];
    const rejected = [sequences[1], [3, 3]];
    const { loss } = trainer.pairLossAndGradients(chosen, rejected);
    const want = referencePairLoss(config, params, chosen, rejected);
    assert.ok(Math.abs(loss - want) < 1e-5, `pair loss ${loss} vs oracle ${want}`);
    const numeric = numericGradients(params, () => referencePairLoss(config, params, chosen, rejected));
    expectGradientsClose(trainer, numeric, 'bradley-terry');
  });
});

describe('training step', () => {
  it('applies clipping and AdamW as torch does', () => {
    const config = tiny();
    const optimizer = OptimizerConfigSchema.parse({ weightDecay: 0.1, maxGradNorm: 0.5 });
    const trainer = new Trainer(config, 'lm', referenceKernels, optimizer);
    const probe = makeTrainer(config);
    trainer.params.set(probe.params);
    const before = Float32Array.from(trainer.params);
    trainer.lossAndGradients(sequences, weights, 4);
    const grads = Float64Array.from(trainer.grads);
    const norm = Math.sqrt(grads.reduce((sum, g) => sum + g * g, 0));
    assert.ok(norm > 0.5, 'the test needs a gradient that gets clipped');
    const lr = 0.01;
    const result = trainer.step(sequences, weights, 4, lr);
    assert.ok(Math.abs(result.gradNorm - norm) < 1e-4 * norm);
    for (const spec of trainer.layout.specs) {
      for (let i = spec.offset; i < spec.offset + spec.size; i += 7) {
        const g = (grads[i] * 0.5) / (norm + 1e-6);
        // step 1: m̂ = g, v̂ = g², so the update is lr · g / (|g| + eps)
        const decay = spec.decay ? 1 - lr * 0.1 : 1;
        const want = before[i] * decay - (lr * g) / (Math.abs(g) + 1e-8);
        assert.ok(Math.abs(trainer.params[i] - want) < 1e-6, `${spec.name}[${i - spec.offset}]`);
      }
    }
    assert.equal(trainer.stepCount, 1);
  });

  it('memorises a sequence: loss falls steadily', () => {
    const config = tiny({ hidden_size: 16, intermediate_size: 32, head_dim: 8 });
    const trainer = new Trainer(config, 'lm', referenceKernels, OptimizerConfigSchema.parse({}));
    trainer.params.set(makeTrainer(config).params.map((x) => x * 0.1));
    const target = [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]];
    const w = [Float32Array.from(target[0], (_, t) => (t === 0 ? 0 : 1))];
    const losses: number[] = [];
    for (let step = 0; step < 60; step++) losses.push(trainer.step(target, w, 9, 0.02).loss);
    assert.ok(losses[59] < 0.1 * losses[0], `loss ${losses[0].toFixed(3)} → ${losses[59].toFixed(3)}`);
  });

  it('rejects mismatched weights with a message naming the row', () => {
    const trainer = makeTrainer(tiny());
    assert.throws(() => trainer.step([[1, 2, 3]], [Float32Array.from([0, 1])], 1, 0.1), /weights\[0\]/);
    assert.throws(
      () => trainer.step([[1, 99]], [Float32Array.from([0, 1])], 1, 0.1),
      /outside the vocabulary/,
    );
  });
});

describe('micro-batches', () => {
  it('split consecutive sequences under the token cap; a longer sequence goes alone', () => {
    const seqs = [3, 4, 2, 9, 1, 1].map((n) => new Array<number>(n).fill(1));
    assert.deepEqual(microBatches(seqs, 8), [
      [0, 2],
      [2, 3],
      [3, 4],
      [4, 6],
    ]);
    assert.deepEqual(microBatches(seqs, 100), [[0, 6]]);
    assert.deepEqual(microBatches([], 8), []);
  });

  it('give the whole batch’s loss, gradient and log-probs, tied and untied heads', () => {
    for (const tie of [false, true]) {
      const config = tiny({ tie_word_embeddings: tie });
      const rng = new Rng(5);
      const sequences = [5, 7, 3, 6].map((n) => Array.from({ length: n }, () => rng.int(config.vocab_size)));
      const weights = sequences.map((s) => Float32Array.from(s, (_, t) => (t === 0 ? 0 : rng.normal())));
      const whole = makeTrainer(config);
      const split = new Trainer(
        config,
        'lm',
        referenceKernels,
        OptimizerConfigSchema.parse({}),
        undefined,
        9,
      );
      split.params.set(whole.params);
      const a = whole.lossAndGradients(sequences, weights, 13);
      const b = split.lossAndGradients(sequences, weights, 13);
      assert.ok(Math.abs(a.loss - b.loss) < 1e-5, `loss ${a.loss} vs ${b.loss}`);
      assert.equal(a.tokens, b.tokens);
      const scale = Math.max(...whole.grads.map(Math.abs));
      for (let i = 0; i < whole.grads.length; i++)
        assert.ok(Math.abs(whole.grads[i] - split.grads[i]) <= 1e-5 * scale, `grad ${i}`);
      assert.deepEqual(split.logprobs(sequences), whole.logprobs(sequences));
    }
  });
});
