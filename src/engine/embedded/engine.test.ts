import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { saveCheckpoint } from '../../checkpoint/checkpoint.ts';
import { writeSafetensors } from '../../checkpoint/safetensors.ts';
import type { StepBatch } from '../../core/engine.ts';
import { Rng } from '../../core/rng.ts';
import { parseQwen3Config } from './config.ts';
import { createEmbeddedEngine, createEmbeddedRewardModel } from './engine.ts';
import { logSoftmaxAt, referenceLogits } from './float64-reference.ts';

const root = mkdtempSync(join(tmpdir(), 'embedded-engine-test-'));
after(() => rmSync(root, { recursive: true, force: true }));

const config = {
  vocab_size: 16,
  hidden_size: 16,
  intermediate_size: 32,
  num_hidden_layers: 2,
  num_attention_heads: 4,
  num_key_value_heads: 2,
  head_dim: 8,
  rope_theta: 10_000,
  max_position_embeddings: 64,
  tie_word_embeddings: false,
};
const optimizer = { beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1, maxGradNorm: 1 };

const batch = (seed: number): StepBatch => {
  const rng = new Rng(seed);
  const sequences = [6, 9, 4].map((length) => Array.from({ length }, () => rng.int(16)));
  const weights = sequences.map((sequence) =>
    Float32Array.from(sequence, (_, t) => (t === 0 ? 0 : rng.normal())),
  );
  return { sequences, weights, normalizer: 16, learningRate: 0.01 };
};

describe('embedded engine', () => {
  it('one step changes every parameter tensor', async () => {
    const engine = await createEmbeddedEngine({ config, optimizer, seed: 1 });
    const before = new Map(engine.parameterNames().map((name) => [name, engine.parameter(name)]));
    const result = await engine.step(batch(1));
    assert.equal(result.tokens, 16);
    assert.ok(Number.isFinite(result.loss) && result.gradNorm > 0);
    for (const [name, tensor] of before)
      assert.notDeepEqual(engine.parameter(name), tensor, `${name} did not change`);
  });

  it('save → load gives identical log-probs, samples and next training step', async () => {
    const engine = await createEmbeddedEngine({ config, optimizer, seed: 2 });
    await engine.step(batch(2));
    await engine.step(batch(3));
    const dir = join(root, 'policy');
    await engine.save(dir);
    const loaded = await createEmbeddedEngine({ checkpointDir: dir, optimizer, seed: 999 });
    assert.equal(loaded.stepCount, 2);
    const probe = batch(4).sequences;
    assert.deepEqual(await loaded.logprobs(probe), await engine.logprobs(probe));
    // the engine's own RNG stream is restored too: unseeded sampling continues identically
    const sampleOptions = { n: 2, maxNewTokens: 5, temperature: 1, topP: 1, stopTokenIds: [] };
    assert.deepEqual(
      await loaded.sample([[1, 2]], sampleOptions),
      await engine.sample([[1, 2]], sampleOptions),
    );
    const next = batch(5);
    assert.deepEqual(await loaded.step(next), await engine.step(next));
    for (const name of engine.parameterNames())
      assert.deepEqual(loaded.parameter(name), engine.parameter(name), name);
    const written = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    assert.deepEqual(written.architectures, ['Qwen3ForCausalLM']);
    assert.equal(written.model_type, 'qwen3');
    assert.equal(written.torch_dtype, 'float32');
    assert.deepEqual(readdirSync(dir).sort(), [
      'config.json',
      'generation_config.json',
      'model.safetensors',
      'optimizer.safetensors',
      'rng_state.json',
      'trainer_state.json',
    ]);
  });

  it('loads a transformers-style Qwen3 checkpoint: bf16, tied embeddings, no lm_head tensor', async () => {
    const hfConfig = {
      architectures: ['Qwen3ForCausalLM'],
      attention_bias: false,
      attention_dropout: 0.0,
      bos_token_id: 1,
      eos_token_id: 2,
      head_dim: 8,
      hidden_act: 'silu',
      hidden_size: 16,
      initializer_range: 0.02,
      intermediate_size: 24,
      max_position_embeddings: 128,
      max_window_layers: 2,
      model_type: 'qwen3',
      num_attention_heads: 4,
      num_hidden_layers: 2,
      num_key_value_heads: 1,
      rms_norm_eps: 1e-6,
      rope_scaling: null,
      rope_theta: 1000000.0,
      sliding_window: null,
      tie_word_embeddings: true,
      torch_dtype: 'bfloat16',
      transformers_version: '4.51.0',
      use_cache: true,
      use_sliding_window: false,
      vocab_size: 20,
    };
    const parsed = parseQwen3Config(hfConfig);
    const rng = new Rng(11);
    const shapes: Record<string, number[]> = {
      'model.embed_tokens.weight': [20, 16],
      'model.norm.weight': [16],
    };
    for (let layer = 0; layer < 2; layer++) {
      const p = `model.layers.${layer}.`;
      Object.assign(shapes, {
        [`${p}self_attn.q_proj.weight`]: [32, 16],
        [`${p}self_attn.k_proj.weight`]: [8, 16],
        [`${p}self_attn.v_proj.weight`]: [8, 16],
        [`${p}self_attn.o_proj.weight`]: [16, 32],
        [`${p}self_attn.q_norm.weight`]: [8],
        [`${p}self_attn.k_norm.weight`]: [8],
        [`${p}mlp.gate_proj.weight`]: [24, 16],
        [`${p}mlp.up_proj.weight`]: [24, 16],
        [`${p}mlp.down_proj.weight`]: [16, 24],
        [`${p}input_layernorm.weight`]: [16],
        [`${p}post_attention_layernorm.weight`]: [16],
      });
    }
    // bf16 values: float32 with the low 16 bits cleared, so the file holds them exactly
    const bf16 = (x: number) => {
      const f = new Float32Array([x]);
      new Uint32Array(f.buffer)[0] &= 0xffff0000;
      return f[0];
    };
    const values = new Map<string, Float64Array>();
    const header: Record<string, unknown> = {};
    const chunks: Buffer[] = [];
    let offset = 0;
    for (const [name, shape] of Object.entries(shapes)) {
      const count = shape.reduce((a, b) => a * b, 1);
      const data = Float64Array.from({ length: count }, () =>
        bf16(shape.length === 1 ? 1 + 0.2 * rng.normal() : 0.3 * rng.normal()),
      );
      values.set(name, data);
      const bytes = Buffer.alloc(2 * count);
      data.forEach((x, i) => {
        bytes.writeUInt16LE(new Uint32Array(new Float32Array([x]).buffer)[0] >>> 16, 2 * i);
      });
      header[name] = { dtype: 'BF16', shape, data_offsets: [offset, offset + bytes.length] };
      chunks.push(bytes);
      offset += bytes.length;
    }
    const json = Buffer.from(JSON.stringify(header));
    const length = Buffer.alloc(8);
    length.writeBigUInt64LE(BigInt(json.length));
    const dir = join(root, 'hf');
    saveCheckpoint(dir, { config: hfConfig, tensors: {} });
    writeFileSync(join(dir, 'model.safetensors'), Buffer.concat([length, json, ...chunks]));

    const engine = await createEmbeddedEngine({ checkpointDir: dir, seed: 0 });
    const sequence = [1, 5, 19, 7, 7, 3];
    const [logprobs] = await engine.logprobs([sequence]);
    const logits = referenceLogits(parsed, values, sequence);
    for (let t = 1; t < sequence.length; t++)
      assert.ok(Math.abs(logprobs[t] - logSoftmaxAt(logits[t - 1], sequence[t])) < 1e-5, `position ${t}`);
    assert.ok(!engine.parameterNames().includes('lm_head.weight'));
  });

  it('load errors name the checkpoint file and the tensor', async () => {
    const dir = join(root, 'broken');
    const engine = await createEmbeddedEngine({ config, seed: 0 });
    await engine.save(dir);
    const { tensors } = await import('../../checkpoint/checkpoint.ts').then((m) => m.loadCheckpoint(dir));
    delete tensors['model.layers.1.mlp.up_proj.weight'];
    writeSafetensors(join(dir, 'model.safetensors'), tensors);
    await assert.rejects(
      createEmbeddedEngine({ checkpointDir: dir, seed: 0 }),
      /model\.safetensors: model\.layers\.1\.mlp\.up_proj\.weight: tensor is missing/,
    );
    tensors['model.layers.1.mlp.up_proj.weight'] = { shape: [4, 4], data: new Float32Array(16) };
    writeSafetensors(join(dir, 'model.safetensors'), tensors);
    await assert.rejects(
      createEmbeddedEngine({ checkpointDir: dir, seed: 0 }),
      /up_proj\.weight: expected shape \[32,16\], found \[4,4\]/,
    );
  });

  it('reward model: starts from a policy checkpoint and learns a preference (Bradley–Terry)', async () => {
    const policy = await createEmbeddedEngine({ config, seed: 5 });
    const dir = join(root, 'for-reward');
    await policy.save(dir);
    const reward = await createEmbeddedRewardModel({
      checkpointDir: dir,
      seed: 5,
      optimizer: { maxGradNorm: 0 },
    });
    assert.ok(reward.parameterNames().includes('score.weight'));
    assert.deepEqual(reward.parameter('model.norm.weight'), policy.parameter('model.norm.weight'));
    // chosen answers end in token 3, rejected ones in token 4
    const rng = new Rng(9);
    const prefix = () => Array.from({ length: 3 + rng.int(4) }, () => 5 + rng.int(10));
    const pairs = Array.from({ length: 8 }, () => prefix());
    const chosen = pairs.map((p) => [...p, 3]);
    const rejected = pairs.map((p) => [...p, 4]);
    const first = await reward.stepPairs({ chosen, rejected, learningRate: 0.01 });
    let last = first;
    for (let step = 0; step < 30; step++)
      last = await reward.stepPairs({ chosen, rejected, learningRate: 0.01 });
    assert.ok(last.loss < 0.2 * first.loss, `loss ${first.loss} → ${last.loss}`);
    const scores = await reward.score([
      [7, 8, 3],
      [7, 8, 4],
    ]);
    assert.ok(scores[0] > scores[1]);
    const saved = join(root, 'reward');
    await reward.save(saved);
    assert.deepEqual(JSON.parse(readFileSync(join(saved, 'config.json'), 'utf8')).architectures, [
      'Qwen3ForSequenceClassification',
    ]);
    const reloaded = await createEmbeddedRewardModel({ checkpointDir: saved, seed: 0 });
    assert.deepEqual(await reloaded.score([[7, 8, 3]]), await reward.score([[7, 8, 3]]));
  });

  it('learns a toy language (counting mod 16) to near-zero loss', async () => {
    // every token after the first is determined: x_t = x_{t−1} + 1 mod 16
    const engine = await createEmbeddedEngine({ config, seed: 3, optimizer: { weightDecay: 0 } });
    const rng = new Rng(4);
    const makeBatch = (): StepBatch => {
      const sequences = Array.from({ length: 8 }, () => {
        const start = rng.int(16);
        return Array.from({ length: 10 }, (_, t) => (start + t) % 16);
      });
      const weights = sequences.map((s) => Float32Array.from(s, (_, t) => (t < 2 ? 0 : 1)));
      return { sequences, weights, normalizer: 8 * 8, learningRate: 0.01 };
    };
    let loss = Number.POSITIVE_INFINITY;
    for (let step = 0; step < 150 && loss > 0.02; step++) loss = (await engine.step(makeBatch())).loss;
    assert.ok(loss < 0.02, `loss after training ${loss}`);
    const [completion] = await engine.sample([[5, 6, 7]], {
      n: 1,
      maxNewTokens: 6,
      temperature: 0,
      topP: 1,
      stopTokenIds: [],
    });
    assert.deepEqual(completion.tokens, [8, 9, 10, 11, 12, 13]);
  });
});
