/**
 * Tool-integrated rollouts (Cascade 2's TIR): sample until the model closes a `<tool_call>`, run the
 * call, append the result as a `<tool_response>` user turn of the chat template plus the next
 * assistant opening, and continue, until the model ends its turn without a call, runs out of tokens,
 * or reaches the turn limit. The trajectory stays token ids from start to end (never re-rendered), and
 * the injected tool-response tokens get weight 0: only what the model sampled is trained.
 * It does not execute anything itself: a ToolExecutor does (python-session.ts for the card's tool).
 */
import { parse, render } from '../chat/index.ts';
import type { StepEngine } from '../core/engine.ts';
import { CascadeError } from '../core/errors.ts';
import type {
  ChatFamily,
  ChatMode,
  Message,
  ParsedOutput,
  ParsedToolCall,
  ToolDefinition,
} from '../core/messages.ts';
import type { TextTokenizer } from '../tokenizer/index.ts';
import { promptIdsOf, turnStopIds } from './rollout.ts';

/** Runs one tool call and returns what the model should read; a failure is text for the model too. */
export interface ToolExecutor {
  execute(call: ParsedToolCall): Promise<string>;
  /** Ends the session (its state and anything it still runs); the rollout calls it when it ends. */
  close?(): Promise<void>;
}

export interface ToolRolloutOptions {
  engine: StepEngine;
  tokenizer: TextTokenizer;
  /** cascade-v2 in the paper; any family whose template has tool responses works. */
  family: ChatFamily;
  messages: Message[];
  tools: ToolDefinition[];
  mode: ChatMode;
  /** One session for this rollout only: the rollout closes it when it ends, however it ends. */
  executor: ToolExecutor;
  /** Model turns (tool calls + the final answer) before the rollout is cut off. */
  maxTurns: number;
  maxNewTokensPerTurn: number;
  /** Limit on the whole trajectory, prompt included (the context length). */
  maxTotalTokens: number;
  temperature: number;
  topP: number;
  topK?: number;
  seed: number;
}

export interface ToolTrajectory {
  promptLength: number;
  /** Prompt + every sampled and injected token, in order. */
  ids: number[];
  /** 1 on sampled tokens, 0 on the prompt and the injected tool responses. */
  mask: Uint8Array;
  /** log π_inf of each sampled token at its position (0 elsewhere). */
  sampleLogprobs: Float32Array;
  turns: number;
  toolCalls: number;
  /** stop: the model answered; length: out of tokens; turn-limit: still calling tools at maxTurns. */
  finishReason: 'stop' | 'length' | 'turn-limit';
  /** The last model turn, decoded and parsed (the final answer when finishReason is stop). */
  finalText: string;
  final: ParsedOutput;
}

const TOOL_CALL_CLOSE = '</tool_call>';

export async function runToolRollout(options: ToolRolloutOptions): Promise<ToolTrajectory> {
  try {
    return await rollOut(options);
  } finally {
    await options.executor.close?.();
  }
}

async function rollOut(options: ToolRolloutOptions): Promise<ToolTrajectory> {
  const { engine, tokenizer, family, mode } = options;
  const callClose = tokenizer.tokenId(TOOL_CALL_CLOSE);
  if (callClose === undefined)
    throw new CascadeError('train.tool-rollout', `the tokenizer has no single token for ${TOOL_CALL_CLOSE}`, {
      where: tokenizer.name,
    });
  const turnStops = turnStopIds(tokenizer);
  const prompt = {
    id: 'tool-rollout',
    domain: 'tool',
    messages: options.messages,
    task: null,
    tools: options.tools,
  };
  const ids = promptIdsOf({ family, tokenizer }, prompt, mode);
  const promptLength = ids.length;
  const mask: number[] = new Array(promptLength).fill(0);
  const logprobs: number[] = new Array(promptLength).fill(0);
  let toolCalls = 0;
  let finalText = '';
  let final: ParsedOutput = parse('', { family, mode, tools: options.tools });

  for (let turn = 1; turn <= options.maxTurns; turn++) {
    const budget = Math.min(options.maxNewTokensPerTurn, options.maxTotalTokens - ids.length);
    if (budget <= 0) return finish('length', turn - 1);
    const [completion] = await engine.sample([ids], {
      n: 1,
      maxNewTokens: budget,
      temperature: options.temperature,
      topP: options.topP,
      topK: options.topK,
      stopTokenIds: [...turnStops, callClose],
      seed: (options.seed + turn * 0x9e3779b1) >>> 0,
    });
    ids.push(...completion.tokens);
    mask.push(...completion.tokens.map(() => 1));
    logprobs.push(...completion.logprobs);
    const lastToken = completion.tokens[completion.tokens.length - 1];
    const body = turnStops.includes(lastToken) ? completion.tokens.slice(0, -1) : completion.tokens;
    finalText = tokenizer.decode(body);
    final = parse(finalText, { family, mode, tools: options.tools });
    if (completion.finishReason === 'length' || lastToken !== callClose)
      return finish(completion.finishReason === 'length' ? 'length' : 'stop', turn);
    // 2. the model closed a tool call: run it and append the response turn (weight 0)
    if (turn === options.maxTurns) return finish('turn-limit', turn);
    const call = final.toolCalls[final.toolCalls.length - 1];
    toolCalls++;
    const result = call
      ? await options.executor.execute(call)
      : `Error: the tool call could not be parsed (${final.errors.join('; ') || 'no function found'})`;
    const injected = tokenizer.encode(toolResponseSuffix(family, mode, options.tools, call, result));
    // a response that leaves no room for the model's next token would only pad the trajectory
    if (ids.length + injected.length >= options.maxTotalTokens) return finish('length', turn);
    ids.push(...injected);
    mask.push(...injected.map(() => 0));
    logprobs.push(...injected.map(() => 0));
  }
  return finish('turn-limit', options.maxTurns);

  function finish(finishReason: ToolTrajectory['finishReason'], turns: number): ToolTrajectory {
    return {
      promptLength,
      ids,
      mask: Uint8Array.from(mask),
      sampleLogprobs: Float32Array.from(logprobs),
      turns,
      toolCalls,
      finishReason,
      finalText,
      final,
    };
  }
}

/**
 * The template text between a model's `</tool_call>` and its next turn: the end of the assistant turn,
 * the tool result as the template renders a tool message (cascade-v2: a user turn wrapped in
 * `<tool_response>`), and the opening of the next assistant turn with its prefill. Taken from the
 * template itself, so it matches what SFT data looked like.
 */
export function toolResponseSuffix(
  family: ChatFamily,
  mode: ChatMode,
  tools: ToolDefinition[],
  call: ParsedToolCall | undefined,
  result: string,
): string {
  const called = call ?? { name: tools[0]?.function.name ?? 'tool', arguments: {} };
  const history: Message[] = [
    { role: 'user', content: '.' },
    {
      role: 'assistant',
      content: '',
      tool_calls: [{ type: 'function', function: { name: called.name, arguments: called.arguments } }],
    },
  ];
  // the cut is found in the conversation without the result, which may itself contain `</tool_call>`
  const before = render(family, history, { mode, tools });
  const at = before.lastIndexOf(TOOL_CALL_CLOSE);
  if (at === -1)
    throw new CascadeError('train.tool-rollout', `the ${family} template rendered no ${TOOL_CALL_CLOSE}`);
  const cut = at + TOOL_CALL_CLOSE.length;
  const text = render(family, [...history, { role: 'tool', content: result }], {
    mode,
    tools,
    addGenerationPrompt: true,
  });
  if (text.slice(0, cut) !== before.slice(0, cut))
    throw new CascadeError(
      'train.tool-rollout',
      `the ${family} template rewrote the tool-call turn once a response followed it`,
    );
  return text.slice(cut);
}
