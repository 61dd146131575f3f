import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SampleOptions } from '../../core/engine.ts';
import { Rng } from '../../core/rng.ts';
import { createEmbeddedEngine, type EmbeddedEngine } from './engine.ts';
import { referenceLogits } from './float64-reference.ts';
import { pickToken } from './sampler.ts';

const config = {
  vocab_size: 13,
  hidden_size: 16,
  intermediate_size: 24,
  num_hidden_layers: 2,
  num_attention_heads: 4,
  num_key_value_heads: 2,
  head_dim: 4,
  rope_theta: 10_000,
  max_position_embeddings: 64,
  tie_word_embeddings: false,
  // large weights make the distribution far from uniform, so argmax and top-k cuts are meaningful
  initializer_range: 0.5,
};

const prompts = [[1, 2, 3], [4], [5, 6, 7, 8, 9, 10, 11]];
const options: SampleOptions = { n: 3, maxNewTokens: 8, temperature: 1, topP: 1, stopTokenIds: [], seed: 7 };

const engine = (): Promise<EmbeddedEngine> => createEmbeddedEngine({ config, seed: 3 });

describe('sampler', () => {
  it('returns n completions per prompt, in prompt order, of maxNewTokens when nothing stops them', async () => {
    const completions = await (await engine()).sample(prompts, options);
    assert.deepEqual(
      completions.map((completion) => completion.promptIndex),
      [0, 0, 0, 1, 1, 1, 2, 2, 2],
    );
    for (const completion of completions) {
      assert.equal(completion.tokens.length, 8);
      assert.equal(completion.logprobs.length, 8);
      assert.equal(completion.finishReason, 'length');
    }
  });

  for (const [label, filters] of [
    ['plain', {}],
    ['temperature 0.7, top-k 4, top-p 0.8', { temperature: 0.7, topK: 4, topP: 0.8 }],
  ] as const) {
    it(`sampled log-probs equal teacher-forced log-probs of the same tokens (${label})`, async () => {
      const model = await engine();
      const completions = await model.sample(prompts, { ...options, ...filters });
      const sequences = completions.map((completion) => [
        ...prompts[completion.promptIndex],
        ...completion.tokens,
      ]);
      const teacher = await model.logprobs(sequences);
      let maxDiff = 0;
      completions.forEach((completion, i) => {
        const offset = prompts[completion.promptIndex].length;
        completion.logprobs.forEach((logprob, t) => {
          maxDiff = Math.max(maxDiff, Math.abs(logprob - teacher[i][offset + t]));
        });
      });
      assert.ok(maxDiff < 1e-4, `sampled vs teacher-forced logprob max |diff| ${maxDiff.toExponential(2)}`);
    });
  }

  it('is reproducible: same seed, same tokens; another seed, other tokens', async () => {
    const model = await engine();
    const first = await model.sample(prompts, options);
    const again = await model.sample(prompts, options);
    const other = await model.sample(prompts, { ...options, seed: 8 });
    assert.deepEqual(again, first);
    assert.notDeepEqual(
      other.map((completion) => completion.tokens),
      first.map((completion) => completion.tokens),
    );
    // the n completions of a prompt are different draws, not copies
    assert.notDeepEqual(first[0].tokens, first[1].tokens);
  });

  it('top-k 1 and temperature 0 both decode greedily (argmax of the float64 oracle)', async () => {
    const model = await engine();
    const topK1 = await model.sample(prompts, { ...options, topK: 1, n: 1 });
    const greedy = await model.sample(prompts, { ...options, temperature: 0, n: 1 });
    assert.deepEqual(
      topK1.map((completion) => completion.tokens),
      greedy.map((completion) => completion.tokens),
    );
    const parsed = model.config;
    const params = new Map(
      model.parameterNames().map((name) => [name, Float64Array.from(model.parameter(name))]),
    );
    for (const completion of greedy) {
      const sequence = [...prompts[completion.promptIndex], ...completion.tokens];
      const logits = referenceLogits(parsed, params, sequence);
      const offset = prompts[completion.promptIndex].length;
      completion.tokens.forEach((token, t) => {
        const row = logits[offset + t - 1];
        const best = row.indexOf(Math.max(...row));
        assert.equal(token, best, `token ${t} of prompt ${completion.promptIndex}`);
      });
    }
  });

  it('stops on a stop token (kept) and reports "stop"', async () => {
    const model = await engine();
    const greedy = await model.sample([prompts[0]], { ...options, temperature: 0, n: 1 });
    const stopAt = greedy[0].tokens[2];
    const firstIndex = greedy[0].tokens.indexOf(stopAt);
    const stopped = await model.sample([prompts[0]], {
      ...options,
      temperature: 0,
      n: 1,
      stopTokenIds: [stopAt],
    });
    assert.deepEqual(stopped[0].tokens, greedy[0].tokens.slice(0, firstIndex + 1));
    assert.equal(stopped[0].finishReason, 'stop');
  });

  it('stops at max_position_embeddings with "length"', async () => {
    const model = await engine();
    const long = Array.from({ length: 60 }, (_, i) => i % 13);
    const [completion] = await model.sample([long], { ...options, n: 1, maxNewTokens: 20 });
    assert.equal(
      completion.tokens.length,
      4,
      '60 prompt + 4 new = 64 positions, what logprobs and step accept',
    );
    assert.equal(completion.finishReason, 'length');
  });
});

describe('pickToken filters', () => {
  // probabilities 0.5, 0.3, 0.15, 0.05 (tokens 2, 0, 3, 1)
  const logits = Float32Array.from([0.3, 0.05, 0.5, 0.15].map(Math.log));
  const draw = (filters: Partial<SampleOptions>, count = 2000) => {
    const rng = new Rng(5);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < count; i++)
      counts[pickToken(logits, { temperature: 1, topP: 1, ...filters }, rng).token]++;
    return counts.map((c) => c / count);
  };

  it('samples the model distribution when unfiltered', () => {
    const freq = draw({}, 8000);
    for (const [token, p] of [0.3, 0.05, 0.5, 0.15].entries())
      assert.ok(Math.abs(freq[token] - p) < 0.02, `token ${token}: ${freq[token]}`);
  });

  it('top-k keeps the k most likely, renormalised', () => {
    const freq = draw({ topK: 2 }, 8000);
    assert.equal(freq[1] + freq[3], 0);
    assert.ok(Math.abs(freq[2] - 0.5 / 0.8) < 0.02);
  });

  it('top-p keeps the smallest most-likely set reaching p', () => {
    assert.deepEqual(
      draw({ topP: 0.7 }).map((f) => f > 0),
      [true, false, true, false],
    );
    assert.deepEqual(
      draw({ topP: 0.81 }).map((f) => f > 0),
      [true, false, true, true],
    );
  });

  it('reports the untempered log-probability', () => {
    const picked = pickToken(logits, { temperature: 0.2, topP: 0.5 }, new Rng(1));
    assert.equal(picked.token, 2);
    assert.ok(Math.abs(picked.logprob - Math.log(0.5)) < 1e-6);
  });
});
