/**
 * `/v1/chat/completions`: the conversation is rendered with the model's chat family (Cascade's
 * templates, token-exact), sampled as token ids, and the output split into reasoning, answer and
 * tool calls by the chat module's parser, the way vLLM's reasoning and tool parsers split it. The
 * reasoning goes out under both names, `reasoning` (current vLLM) and `reasoning_content` (older
 * vLLM, most clients). Streaming replays the finished output token by token through the chat
 * module's stream parser: chunks have vLLM's shape, but the first arrives when sampling ends.
 */
import { createStreamParser, parse, renderTokens } from '../../chat/index.ts';
import type { SampleOptions } from '../../core/engine.ts';
import { isCascadeError } from '../../core/errors.ts';
import type { ChatFamily, ChatMode, ParsedToolCall, ToolDefinition } from '../../core/messages.ts';
import { type ServeContext, toolCallId, turnStopIds } from './context.ts';
import type { DecodedOutput, OutputOptions } from './output.ts';
import { RequestError } from './request-error.ts';
import type { ChatRequestBody } from './schemas.ts';
import { logprobContent, usage } from './shapes.ts';

export interface ChatPlan {
  family: ChatFamily;
  promptIds: number[];
  mode: ChatMode;
  tools?: ToolDefinition[];
  sampling: SampleOptions;
  output: OutputOptions;
}

/** OpenAI message variants → the chat module's Message: text parts joined, `developer` as system. */
export function normalizeMessages(messages: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  return messages.map((message) => {
    const out: Record<string, unknown> = { ...message };
    if (out.role === 'developer') out.role = 'system';
    if (Array.isArray(out.content)) {
      out.content = out.content
        .map((part: unknown) =>
          typeof part === 'object' && part !== null && (part as { type?: unknown }).type === 'text'
            ? String((part as { text?: unknown }).text ?? '')
            : '',
        )
        .join('');
    }
    if (out.reasoning_content === undefined && typeof out.reasoning === 'string')
      out.reasoning_content = out.reasoning;
    delete out.reasoning;
    return out;
  });
}

export function planChat(body: ChatRequestBody, mode: ChatMode, context: ServeContext): ChatPlan {
  const tools = body.tools && body.tools.length > 0 ? (body.tools as ToolDefinition[]) : undefined;
  let promptIds: number[];
  try {
    promptIds = renderTokens(context.family, context.tokenizer, normalizeMessages(body.messages), {
      mode,
      tools,
      addGenerationPrompt: true,
    }).ids;
  } catch (error) {
    if (isCascadeError(error)) {
      const where = error.where ?? '';
      const param = where.startsWith('message ') ? `messages.${where.slice(8).split(',')[0]}` : 'messages';
      const reason =
        where && error.message.startsWith(`${where}: `)
          ? error.message.slice(where.length + 2)
          : error.message;
      throw new RequestError(
        400,
        `${param}: ${where && param !== `messages.${where.slice(8)}` ? `${where}: ` : ''}${reason}`,
        param,
      );
    }
    throw error;
  }
  const room = context.maxContext() - promptIds.length;
  if (room < 1)
    throw new RequestError(
      400,
      `messages: the prompt has ${promptIds.length} tokens; this model's maximum context length is ${context.maxContext()}`,
      'messages',
    );
  const asked = body.max_completion_tokens ?? body.max_tokens;
  if (asked != null && asked > room)
    throw new RequestError(
      400,
      `max_tokens is ${asked} but the prompt (${promptIds.length} tokens) leaves room for ${room} under the maximum context length ${context.maxContext()}`,
      body.max_completion_tokens != null ? 'max_completion_tokens' : 'max_tokens',
    );
  const requestStops = body.stop_token_ids ?? [];
  const stopTokenIds = [
    ...new Set([...(body.ignore_eos ? [] : turnStopIds(context.tokenizer)), ...requestStops]),
  ];
  return {
    family: context.family,
    promptIds,
    mode,
    tools,
    sampling: {
      n: body.n,
      maxNewTokens: asked ?? room,
      temperature: body.temperature ?? 1,
      topP: body.top_p ?? 1,
      topK: body.top_k != null && body.top_k > 0 ? body.top_k : undefined,
      stopTokenIds,
      ...(body.seed != null ? { seed: body.seed } : {}),
    },
    output: {
      stopTokenIds,
      requestStopTokenIds: requestStops,
      stopStrings: body.stop,
      includeStopString: body.include_stop_str_in_output,
      // the chat parser needs the tags; special tokens other than the stop token are kept as vLLM's parsers see them
      skipSpecialTokens: false,
    },
  };
}

interface ResponseMeta {
  id: string;
  created: number;
  model: string;
}

function wireToolCalls(calls: ParsedToolCall[]) {
  return calls.map((call, index) => ({
    index,
    id: toolCallId(),
    type: 'function' as const,
    function: { name: call.name, arguments: JSON.stringify(call.arguments) },
  }));
}

function finishReason(output: DecodedOutput, toolCalls: number): string {
  return toolCalls > 0 && output.finishReason === 'stop' ? 'tool_calls' : output.finishReason;
}

function parseOptions(plan: ChatPlan) {
  return { family: plan.family, mode: plan.mode, tools: plan.tools };
}

export function chatResponse(
  body: ChatRequestBody,
  plan: ChatPlan,
  outputs: DecodedOutput[],
  meta: ResponseMeta,
) {
  const choices = outputs.map((output, index) => {
    const parsed = parse(output.text, parseOptions(plan));
    const toolCalls = wireToolCalls(parsed.toolCalls);
    const content = parsed.content;
    const reasoning = body.include_reasoning ? parsed.reasoning : null;
    return {
      index,
      message: {
        role: 'assistant',
        content,
        reasoning,
        reasoning_content: reasoning,
        tool_calls: toolCalls.map(({ index: _index, ...call }) => call),
      },
      logprobs: body.logprobs ? { content: logprobContent(body, output) } : null,
      finish_reason: finishReason(output, toolCalls.length),
      stop_reason: output.stopReason,
      ...(body.return_token_ids ? { token_ids: output.tokens } : {}),
    };
  });
  return {
    id: meta.id,
    object: 'chat.completion',
    created: meta.created,
    model: meta.model,
    choices,
    usage: usage([plan.promptIds.length], outputs),
    prompt_logprobs: null,
    ...(body.return_token_ids ? { prompt_token_ids: plan.promptIds } : { prompt_token_ids: null }),
  };
}

/** The SSE payloads of a streamed chat answer, in order (without the final `[DONE]`). */
export function chatChunks(
  body: ChatRequestBody,
  plan: ChatPlan,
  outputs: DecodedOutput[],
  meta: ResponseMeta,
): unknown[] {
  const chunk = (choice: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    id: meta.id,
    object: 'chat.completion.chunk',
    created: meta.created,
    model: meta.model,
    choices: [choice],
    ...extra,
  });
  const chunks: unknown[] = [];
  outputs.forEach((output, index) => {
    const first: Record<string, unknown> = {
      index,
      delta: { role: 'assistant', content: '' },
      logprobs: null,
      finish_reason: null,
    };
    chunks.push(
      chunk(first, body.return_token_ids && index === 0 ? { prompt_token_ids: plan.promptIds } : {}),
    );
    const parser = createStreamParser(parseOptions(plan));
    let sentUpTo = 0;
    // one chunk per token that changes the text; the ids of tokens that did not ride along with the next one
    const emit = (delta: { reasoning: string; content: string }, upTo: number, force: boolean) => {
      const wire: Record<string, unknown> = {};
      if (delta.reasoning && body.include_reasoning) {
        wire.reasoning = delta.reasoning;
        wire.reasoning_content = delta.reasoning;
      }
      if (delta.content) wire.content = delta.content;
      if (Object.keys(wire).length === 0 && !force) return;
      const part = {
        ...output,
        tokens: output.tokens.slice(sentUpTo, upTo),
        logprobs: output.logprobs.slice(sentUpTo, upTo),
        pieces: output.pieces.slice(sentUpTo, upTo),
      };
      chunks.push(
        chunk({
          index,
          delta: wire,
          logprobs: body.logprobs ? { content: logprobContent(body, part) } : null,
          finish_reason: null,
          ...(body.return_token_ids ? { token_ids: part.tokens } : {}),
        }),
      );
      sentUpTo = upTo;
    };
    output.pieces.forEach((piece, t) => {
      emit(parser.push(piece), t + 1, false);
    });
    const end = parser.finish();
    emit(end, output.tokens.length, false);
    const calls = wireToolCalls(end.result.toolCalls);
    if (calls.length > 0)
      chunks.push(chunk({ index, delta: { tool_calls: calls }, logprobs: null, finish_reason: null }));
    const rest = {
      tokens: output.tokens.slice(sentUpTo),
      logprobs: output.logprobs.slice(sentUpTo),
      pieces: output.pieces.slice(sentUpTo),
    };
    chunks.push(
      chunk({
        index,
        delta: { content: '' },
        logprobs: body.logprobs && rest.tokens.length > 0 ? { content: logprobContent(body, rest) } : null,
        finish_reason: finishReason(output, calls.length),
        stop_reason: output.stopReason,
        // ids not yet sent (the stop token) ride on the finish chunk, as in vLLM
        ...(body.return_token_ids ? { token_ids: rest.tokens } : {}),
      }),
    );
  });
  if (body.stream_options?.include_usage)
    chunks.push({
      id: meta.id,
      object: 'chat.completion.chunk',
      created: meta.created,
      model: meta.model,
      choices: [],
      usage: usage([plan.promptIds.length], outputs),
    });
  return chunks;
}
