/**
 * A rough timing print, not a test: one training step of engine-study.md's model (4 layers, d 256, 4 query /
 * 2 kv heads of 64, SwiGLU 768, vocab 512, tied; batch 8 × 128) and sampling at batch 64 (8 prompts × n 8),
 * for each kernels backend that loads, with the time inside sgemm separated from everything else.
 *   node --import tsx src/engine/embedded/timing.ts
 */
import { Rng } from '../../core/rng.ts';
import { createEmbeddedEngine } from './engine.ts';
import type { KernelsBackend } from './kernels/backend.ts';
import type { Kernels } from './kernels/kernels.ts';
import { loadKernels } from './kernels/select.ts';

function timed(inner: KernelsBackend): Kernels & {
  seconds: number;
  flops: number;
  allocate: (n: number) => Float32Array;
  memory: KernelsBackend['memory'];
} {
  const wrapper = {
    name: `timed ${inner.name}`,
    seconds: 0,
    flops: 0,
    allocate: (floats: number) => inner.allocate(floats),
    // the shared memory too, so the model runs the WebAssembly elementwise kernels as it would unwrapped
    memory: inner.memory,
    sgemm(...args: Parameters<Kernels['sgemm']>) {
      const start = performance.now();
      inner.sgemm(...args);
      wrapper.seconds += (performance.now() - start) / 1000;
      wrapper.flops += 2 * args[2] * args[3] * args[4];
    },
  };
  return wrapper;
}

async function timeBackend(backend: KernelsBackend, steps: number, newTokens: number): Promise<void> {
  const kernels = timed(backend);
  console.log(`— kernels: ${backend.name}, ${backend.threads} thread(s)`);

  const engine = await createEmbeddedEngine({
    config: {
      vocab_size: 512,
      hidden_size: 256,
      intermediate_size: 768,
      num_hidden_layers: 4,
      num_attention_heads: 4,
      num_key_value_heads: 2,
      head_dim: 64,
      rope_theta: 10_000,
      tie_word_embeddings: true,
      max_position_embeddings: 512,
    },
    kernels,
    optimizer: { weightDecay: 0.01 },
    seed: 0,
  });
  const rng = new Rng(1);
  const sequences = Array.from({ length: 8 }, () => Array.from({ length: 128 }, () => rng.int(512)));
  const weights = sequences.map((s) => Float32Array.from(s, (_, t) => (t === 0 ? 0 : rng.normal())));
  for (let step = 0; step <= steps; step++) {
    kernels.seconds = 0;
    kernels.flops = 0;
    const start = performance.now();
    const { loss } = await engine.step({ sequences, weights, normalizer: 1024, learningRate: 1e-3 });
    const total = (performance.now() - start) / 1000;
    console.log(
      `${step === 0 ? 'warm-up' : `step ${step}`}: ${total.toFixed(2)} s (sgemm ${kernels.seconds.toFixed(2)} s at ` +
        `${(kernels.flops / kernels.seconds / 1e9).toFixed(2)} GFLOP/s, rest ${(total - kernels.seconds).toFixed(3)} s) loss ${loss.toFixed(4)}`,
    );
  }

  const prompts = Array.from({ length: 8 }, () => Array.from({ length: 16 }, () => rng.int(512)));
  kernels.seconds = 0;
  const start = performance.now();
  const completions = await engine.sample(prompts, {
    n: 8,
    maxNewTokens: newTokens,
    temperature: 1,
    topP: 1,
    stopTokenIds: [],
    seed: 1,
  });
  const total = (performance.now() - start) / 1000;
  const generated = completions.reduce((sum, completion) => sum + completion.tokens.length, 0);
  console.log(
    `sampling batch 64 (8 prompts × n 8, 16-token prompts, ${newTokens} new): ${(generated / total).toFixed(0)} tok/s ` +
      `(${total.toFixed(2)} s, sgemm ${kernels.seconds.toFixed(2)} s, rest ${(total - kernels.seconds).toFixed(2)} s)`,
  );
}

for (const [choice, steps, newTokens] of [
  ['native', 3, 64],
  ['wasm', 3, 64],
  ['reference', 1, 8],
] as const) {
  try {
    const backend = await loadKernels(choice, { threads: 1 });
    await timeBackend(backend, steps, newTokens);
    await backend.dispose();
  } catch (error) {
    console.log(`— kernels: ${choice} unavailable (${(error as Error).message.split('\n')[0]})`);
  }
}
