/**
 * Test and bench support (not used at runtime): tiny byte-tokenizer checkpoints for the server.
 * `saveTinyCheckpoint` writes a random model; `saveMemorizedCheckpoint` first trains it (plain
 * teacher-forced steps) to answer given conversations with given assistant texts, so greedy sampling
 * reproduces them: a way to get real reasoning and tool calls out of a real engine.
 */
import { join } from 'node:path';
import { renderTokens } from '../../../chat/index.ts';
import type { ChatFamily, Message, ToolDefinition } from '../../../core/messages.ts';
import { createEmbeddedEngine, type EmbeddedEngine } from '../../../engine/embedded/engine.ts';
import type { Kernels } from '../../../engine/embedded/kernels/kernels.ts';
import { BYTE_VOCAB_SIZE, createByteTokenizer, saveByteTokenizer } from '../../../tokenizer/index.ts';

export const TINY_SERVE_MODEL = {
  vocab_size: BYTE_VOCAB_SIZE,
  hidden_size: 32,
  intermediate_size: 64,
  num_hidden_layers: 2,
  num_attention_heads: 4,
  num_key_value_heads: 2,
  head_dim: 8,
  max_position_embeddings: 4096,
  rope_theta: 10_000,
  tie_word_embeddings: true,
  initializer_range: 0.05,
};

export interface TinyCheckpointOptions {
  seed?: number;
  config?: Partial<typeof TINY_SERVE_MODEL>;
  kernels?: Kernels;
}

async function tokenizerFiles(root: string): Promise<Record<string, string>> {
  await saveByteTokenizer(join(root, 'tokenizer'));
  return {
    'tokenizer.json': join(root, 'tokenizer/tokenizer.json'),
    'tokenizer_config.json': join(root, 'tokenizer/tokenizer_config.json'),
  };
}

export async function openTinyEngine(
  root: string,
  options: TinyCheckpointOptions = {},
): Promise<EmbeddedEngine> {
  return createEmbeddedEngine({
    config: { ...TINY_SERVE_MODEL, ...options.config },
    seed: options.seed ?? 1,
    tokenizerFiles: await tokenizerFiles(root),
    optimizer: { beta1: 0.9, beta2: 0.95, weightDecay: 0, maxGradNorm: 1 },
    kernels: options.kernels,
  });
}

/** A random tiny model saved under `root/checkpoint`; returns that folder. */
export async function saveTinyCheckpoint(root: string, options: TinyCheckpointOptions = {}): Promise<string> {
  const engine = await openTinyEngine(root, options);
  const dir = join(root, 'checkpoint');
  await engine.save(dir);
  await engine.close();
  return dir;
}

export interface Lesson {
  messages: Message[];
  /** The whole assistant turn as the model should write it (`<think>…</think>` included, if any). */
  answer: string;
  mode: 'think' | 'no_think';
  tools?: ToolDefinition[];
}

/** Trains until greedy decoding reproduces every lesson (or `maxSteps` pass); saves under `root/checkpoint`. */
export async function saveMemorizedCheckpoint(
  root: string,
  lessons: Lesson[],
  family: ChatFamily,
  options: TinyCheckpointOptions & { maxSteps?: number } = {},
): Promise<{ dir: string; steps: number; loss: number }> {
  const engine = await openTinyEngine(root, options);
  const tokenizer = createByteTokenizer();
  const rows = lessons.map((lesson) =>
    renderTokens(family, tokenizer, [...lesson.messages, { role: 'assistant', content: lesson.answer }], {
      mode: lesson.mode,
      tools: lesson.tools,
      trainOn: 'last',
    }),
  );
  const weights = rows.map((row) => Float32Array.from(row.lossMask));
  const normalizer = weights.reduce((sum, w) => sum + w.reduce((a, b) => a + b, 0), 0);
  let loss = Number.POSITIVE_INFINITY;
  let steps = 0;
  const maxSteps = options.maxSteps ?? 400;
  while (steps < maxSteps && loss > 0.01) {
    const result = await engine.step({
      sequences: rows.map((row) => row.ids),
      weights,
      normalizer,
      learningRate: 1e-2,
    });
    loss = result.loss;
    steps++;
  }
  const dir = join(root, 'checkpoint');
  await engine.save(dir);
  await engine.close();
  return { dir, steps, loss };
}
