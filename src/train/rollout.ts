/**
 * One rollout, start to verdict: prompt messages → renderTokens with the generation prompt → the
 * engine samples G completions → decode → chat parse → the prompt's domain verifier → reward.
 * A completion that ran out of tokens (finishReason 'length') is truncated. Verification has a
 * per-sample time limit, and a verifier that throws or times out gives a Verdict saying so (reward 0,
 * counted by the trainer), so one slow or broken sample never stalls a batch.
 */
import { parse, renderTokens } from '../chat/index.ts';
import type { StepEngine } from '../core/engine.ts';
import { CascadeError } from '../core/errors.ts';
import type { ChatFamily, ChatMode, Message, ParsedOutput, ToolDefinition } from '../core/messages.ts';
import { failed, type Verdict, type Verifier } from '../core/verdict.ts';
import type { TextTokenizer } from '../tokenizer/index.ts';

/** A GRPO prompt: `task` is the verifier's task row (math: `{answer}`), `domain` picks the verifier. */
export interface RolloutPrompt<Task = unknown> {
  id: string;
  domain: string;
  messages: Message[];
  task: Task;
  tools?: ToolDefinition[];
}

export interface RolloutRequest {
  prompt: RolloutPrompt;
  mode: ChatMode;
}

export interface SamplingSettings {
  /** Completions per prompt (G). */
  groupSize: number;
  maxNewTokens: number;
  temperature: number;
  topP: number;
  topK?: number;
}

export interface Rollout {
  prompt: RolloutPrompt;
  mode: ChatMode;
  promptIds: number[];
  /** Sampled ids, the stop token included when generation stopped on one. */
  responseIds: number[];
  /** log π_inf of each sampled id, as the engine reported it. */
  sampleLogprobs: number[];
  /** The response decoded, without its stop token. */
  text: string;
  parsed: ParsedOutput;
  truncated: boolean;
}

export interface ChatCodec {
  family: ChatFamily;
  tokenizer: TextTokenizer;
}

/** The ids that end an assistant turn: the tokenizer's EOS, `<|endoftext|>` and `<|im_end|>`. */
export function turnStopIds(tokenizer: TextTokenizer): number[] {
  // as Qwen3's generation_config: a turn also ends at <|endoftext|>; <|im_end|> stays last, the one
  // a recorded completion is given when it ends
  const ids = new Set<number>();
  for (const token of ['<|endoftext|>', '<|im_end|>']) {
    const id = tokenizer.tokenId(token);
    if (id !== undefined) ids.add(id);
  }
  ids.add(tokenizer.eosTokenId);
  return [...ids];
}

export function promptIdsOf(codec: ChatCodec, prompt: RolloutPrompt, mode: ChatMode): number[] {
  return renderTokens(codec.family, codec.tokenizer, prompt.messages, {
    mode,
    tools: prompt.tools,
    addGenerationPrompt: true,
  }).ids;
}

/** Samples `groupSize` completions for every request; returns one group (array) per request. */
export async function sampleGroups(
  engine: StepEngine,
  codec: ChatCodec,
  requests: readonly RolloutRequest[],
  settings: SamplingSettings,
  seed: number,
): Promise<Rollout[][]> {
  if (requests.length === 0) return [];
  const prompts = requests.map((request) => promptIdsOf(codec, request.prompt, request.mode));
  const stops = turnStopIds(codec.tokenizer);
  const completions = await engine.sample(prompts, {
    n: settings.groupSize,
    maxNewTokens: settings.maxNewTokens,
    temperature: settings.temperature,
    topP: settings.topP,
    topK: settings.topK,
    stopTokenIds: stops,
    seed,
  });
  const groups: Rollout[][] = requests.map(() => []);
  const stopSet = new Set(stops);
  for (const completion of completions) {
    const request = requests[completion.promptIndex];
    const tokens = completion.tokens;
    const body = tokens.length > 0 && stopSet.has(tokens[tokens.length - 1]) ? tokens.slice(0, -1) : tokens;
    const text = codec.tokenizer.decode(body);
    groups[completion.promptIndex].push({
      prompt: request.prompt,
      mode: request.mode,
      promptIds: prompts[completion.promptIndex],
      responseIds: tokens,
      sampleLogprobs: completion.logprobs,
      text,
      parsed: parse(text, { family: codec.family, mode: request.mode, tools: request.prompt.tools }),
      truncated: completion.finishReason === 'length',
    });
  }
  for (const [index, group] of groups.entries())
    if (group.length !== settings.groupSize)
      throw new CascadeError(
        'train.rollout',
        `engine returned ${group.length} completions, expected ${settings.groupSize}`,
        { where: `prompt ${requests[index].prompt.id}` },
      );
  return groups;
}

/** The answer after the reasoning, tool calls taken out ('' when the reasoning never closed). */
export function scoringText(rollout: Rollout): string {
  return rollout.parsed.content ?? '';
}

/**
 * What a domain verifier reads: the response as the model wrote it, tool calls included, with the
 * `<think>` that a thinking-mode prompt opened put back in front. Each verifier then applies its own
 * rule: the answer after `</think>`, nothing for an unclosed think block (math, IF), or the whole
 * unfinished response (the reward model, paper-spec §4.1).
 */
export function verifierText(rollout: Rollout): string {
  if (rollout.mode !== 'think' || /^\s*<think>/.test(rollout.text)) return rollout.text;
  return `<think>\n${rollout.text}`;
}

/** Runs one verification under a wall-clock limit; throws and time-outs become verdicts. */
export async function verifyWithTimeout<Task>(
  verifier: Verifier<Task>,
  task: Task,
  response: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Verdict> {
  const controller = new AbortController();
  const abort = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', abort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Verdict>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new Error('verification timed out'));
      resolve(failed('timeout', `verification took longer than ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    const verdict = verifier(task, response, { signal: controller.signal, timeoutMs }).catch(
      (error: unknown): Verdict =>
        failed('error', `verifier threw: ${error instanceof Error ? error.message : String(error)}`),
    );
    return await Promise.race([verdict, timeout]);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', abort);
  }
}

/** Full sequence (prompt + response) and its trained-token mask (1 on sampled response tokens). */
export function sequenceOf(rollout: Rollout): { sequence: number[]; mask: Uint8Array } {
  const sequence = [...rollout.promptIds, ...rollout.responseIds];
  const mask = new Uint8Array(sequence.length);
  mask.fill(1, rollout.promptIds.length);
  return { sequence, mask };
}
