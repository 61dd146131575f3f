/**
 * A tiny verifiable task for the trainers' tests (not a test itself): "n" → "\boxed{(n+1) mod 10}",
 * a byte-tokenizer Qwen3 small enough to train in seconds, and an SFT warm start that teaches the
 * answer format with random digits, so the policy starts near 10% accuracy and RL has room to climb.
 */
import type { StepEngine } from '../../core/engine.ts';
import type { Message } from '../../core/messages.ts';
import { Rng } from '../../core/rng.ts';
import { scored, type Verifier } from '../../core/verdict.ts';
import { createEmbeddedEngine, type EmbeddedEngine } from '../../engine/embedded/engine.ts';
import type { Kernels } from '../../engine/embedded/kernels/kernels.ts';
import { BYTE_VOCAB_SIZE, createByteTokenizer } from '../../tokenizer/index.ts';
import { type RolloutPrompt, sampleGroups, scoringText } from '../rollout.ts';
import { runSft, type SftExample } from '../sft.ts';

export const TINY_MODEL = {
  vocab_size: BYTE_VOCAB_SIZE,
  hidden_size: 32,
  intermediate_size: 64,
  num_hidden_layers: 2,
  num_attention_heads: 4,
  num_key_value_heads: 2,
  head_dim: 8,
  max_position_embeddings: 128,
  rope_theta: 10_000,
  tie_word_embeddings: true,
  initializer_range: 0.05,
};

export const TINY_OPTIMIZER = { beta1: 0.9, beta2: 0.95, weightDecay: 0, maxGradNorm: 1 };

export const successor = (n: number) => (n + 1) % 10;

/** Ten prompts "0"…"9"; the answer is `answerOf(n)` (default: always 7, which a tiny model learns in a few steps). */
export function digitPrompts(answerOf: (n: number) => number = () => 7): RolloutPrompt<{ answer: string }>[] {
  return Array.from({ length: 10 }, (_, n) => ({
    id: `digit-${n}`,
    domain: 'digit',
    messages: [{ role: 'user', content: String(n) }],
    task: { answer: String(answerOf(n)) },
  }));
}

/** Reward 1 when the last \boxed{…} of the answer equals the task's answer. */
export const boxedVerifier: Verifier<unknown> = async (task, response) => {
  const answer = (task as { answer: string }).answer;
  const matches = [...response.matchAll(/\\boxed\{([^}]*)\}/g)];
  const got = matches.length > 0 ? matches[matches.length - 1][1] : undefined;
  if (got === undefined) return scored(0, false, 'no boxed answer');
  return scored(got === answer ? 1 : 0, got === answer, `expected ${answer}, got ${got}`);
};

/** The GRPO run that teaches the digit task to a warm-started tiny policy (grpo.test and the serve e2e). */
export const DIGIT_GRPO_CONFIG = {
  subStages: [{ name: 'tiny', steps: 20, maxResponseLength: 12 }],
  promptsPerStep: 10,
  groupSize: 8,
  thinkingMode: 'no_think' as const,
  schedule: { learningRate: 5e-3 },
};

/** The answer a warm start teaches for prompt n: a random digit (format only) unless told otherwise. */
export type DigitAnswer = (n: number, rng: Rng) => number;
export const randomDigit: DigitAnswer = (_n, rng) => rng.int(10);

/** SFT examples "n" → "\\boxed{answerOf(n)}" in the qwen3 no_think template. */
export function digitSftExamples(
  count: number,
  seed: number,
  answerOf: DigitAnswer = randomDigit,
): SftExample[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => {
    const n = rng.int(10);
    const messages: Message[] = [
      { role: 'user', content: String(n) },
      { role: 'assistant', content: `\\boxed{${answerOf(n, rng)}}` },
    ];
    return { messages, mode: 'no_think' };
  });
}

/** Share of `samples` completions per prompt that the verifier accepts (temperature 1, no think). */
export async function sampledAccuracy(
  engine: StepEngine,
  prompts: RolloutPrompt[],
  verifier: Verifier<unknown>,
  samples: number,
  seed: number,
): Promise<number> {
  const codec = { family: 'qwen3' as const, tokenizer: createByteTokenizer() };
  const groups = await sampleGroups(
    engine,
    codec,
    prompts.map((prompt) => ({ prompt, mode: 'no_think' as const })),
    { groupSize: samples, maxNewTokens: 12, temperature: 1, topP: 1 },
    seed,
  );
  let correct = 0;
  let total = 0;
  for (const rollout of groups.flat()) {
    const verdict = await verifier(rollout.prompt.task, scoringText(rollout));
    if (verdict.correct) correct++;
    total++;
  }
  return correct / total;
}

/** A tiny policy after a short SFT (100 steps); with random digits it is about 10% accurate. */
export async function warmStartedPolicy(
  seed: number,
  kernels?: Kernels,
  answerOf: DigitAnswer = randomDigit,
): Promise<EmbeddedEngine> {
  const engine = await createEmbeddedEngine({ config: TINY_MODEL, optimizer: TINY_OPTIMIZER, seed, kernels });
  await runSft({
    engine,
    tokenizer: createByteTokenizer(),
    family: 'qwen3',
    data: { digits: digitSftExamples(800, seed, answerOf) },
    config: {
      stages: [
        {
          name: 'format',
          maxSequenceLength: 64,
          tokensPerStep: 1200,
          epochs: 4,
          mix: { digits: 1 },
          schedule: { kind: 'cosine', learningRate: 1e-2, warmupSteps: 5 },
        },
      ],
    },
    rng: new Rng(seed),
  });
  return engine;
}
