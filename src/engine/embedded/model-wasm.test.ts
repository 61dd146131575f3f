/**
 * The WebAssembly path of the model (elementwise kernels, decode attention, batched sampling weights on
 * the kernels' shared memory) against the TypeScript path on the reference kernels.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Rng } from '../../core/rng.ts';
import { createEmbeddedEngine } from './engine.ts';
import type { KernelsBackend } from './kernels/backend.ts';
import { loadKernels } from './kernels/select.ts';

const config = {
  vocab_size: 29,
  hidden_size: 16,
  intermediate_size: 24,
  num_hidden_layers: 2,
  num_attention_heads: 4,
  num_key_value_heads: 2,
  head_dim: 8,
  rope_theta: 10_000,
  max_position_embeddings: 64,
  tie_word_embeddings: true,
  initializer_range: 0.3,
};

describe('model on the WebAssembly kernels', () => {
  let wasm: KernelsBackend;
  before(async () => {
    wasm = await loadKernels('wasm', { threads: 1 });
  });
  after(() => wasm.dispose());

  it('uses the WebAssembly elementwise kernels, and trains as the TypeScript path does', async () => {
    const fast = await createEmbeddedEngine({
      config,
      kernels: wasm,
      seed: 2,
      optimizer: { weightDecay: 0.1 },
    });
    const slow = await createEmbeddedEngine({ config, seed: 2, optimizer: { weightDecay: 0.1 } });
    const rng = new Rng(4);
    const sequences = [9, 17, 3].map((L) => Array.from({ length: L }, () => rng.int(29)));
    const weights = sequences.map((s) => Float32Array.from(s, (_, t) => (t === 0 ? 0 : rng.normal())));
    for (let step = 0; step < 3; step++) {
      const batch = { sequences, weights, normalizer: 29, learningRate: 0.01 };
      const [a, b] = [await fast.step(batch), await slow.step(batch)];
      assert.ok(Math.abs(a.loss - b.loss) < 1e-5, `step ${step}: loss ${a.loss} vs ${b.loss}`);
      assert.ok(Math.abs(a.gradNorm - b.gradNorm) < 1e-4 * b.gradNorm, `step ${step}: grad norm`);
    }
    const name = 'model.layers.1.mlp.down_proj.weight';
    const [pa, pb] = [fast.parameter(name), slow.parameter(name)];
    for (let i = 0; i < pa.length; i++) assert.ok(Math.abs(pa[i] - pb[i]) < 1e-5, `${name}[${i}]`);
  });

  for (const [label, filters] of [
    ['plain', {}],
    ['temperature 0.7, top-p 0.9', { temperature: 0.7, topP: 0.9 }],
    ['top-k 5', { topK: 5 }],
  ] as const) {
    it(`sampled log-probs equal teacher-forced ones (${label}), and greedy matches the TypeScript path`, async () => {
      const engine = await createEmbeddedEngine({ config, kernels: wasm, seed: 5 });
      const prompts = [[1, 2, 3], [4], [5, 6, 7, 8, 9, 10, 11]];
      const options = {
        n: 3,
        maxNewTokens: 12,
        temperature: 1,
        topP: 1,
        stopTokenIds: [],
        seed: 7,
        ...filters,
      };
      const completions = await engine.sample(prompts, options);
      const sequences = completions.map((c) => [...prompts[c.promptIndex], ...c.tokens]);
      const teacher = await engine.logprobs(sequences);
      let maxDiff = 0;
      completions.forEach((c, i) => {
        assert.equal(c.tokens.length, 12);
        c.logprobs.forEach((logprob, t) => {
          maxDiff = Math.max(maxDiff, Math.abs(logprob - teacher[i][prompts[c.promptIndex].length + t]));
        });
      });
      assert.ok(maxDiff < 1e-4, `max |diff| ${maxDiff.toExponential(2)}`);
    });
  }

  it('greedy decoding gives the same tokens as the reference kernels', async () => {
    const fast = await createEmbeddedEngine({ config, kernels: wasm, seed: 5 });
    const slow = await createEmbeddedEngine({ config, seed: 5 });
    const options = { n: 2, maxNewTokens: 10, temperature: 0, topP: 1, stopTokenIds: [], seed: 1 };
    const prompts = [
      [3, 1, 4],
      [1, 5, 9, 2, 6],
    ];
    const [a, b] = [await fast.sample(prompts, options), await slow.sample(prompts, options)];
    assert.deepEqual(
      a.map((c) => c.tokens),
      b.map((c) => c.tokens),
    );
  });
});
