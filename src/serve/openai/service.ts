/**
 * The OpenAI-compatible server as a Web-standard handler (`handle(Request) → Response`), testable
 * without a port:
 *
 *   POST /v1/chat/completions   chat template + sampling + reasoning/tool-call parsing (JSON or SSE)
 *   POST /v1/completions        raw prompts or token ids; logprobs, echo, vLLM's token-id extras
 *   GET  /v1/models             the one served model
 *   POST /v1/admin/reload       reload the weights from the checkpoint folder (`{checkpoint?}`)
 *   GET  /healthz, /health      `{status: 'ok'}`; 503 while shutting down
 *
 * With an API key every `/v1/` route needs `Authorization: Bearer KEY` (401 otherwise). Bodies over
 * the limit get 413; a body that fails validation gets 400 naming the field (`error.param`).
 */
import { timingSafeEqual } from 'node:crypto';
import { isCascadeError } from '../../core/errors.ts';
import type { ChatFamily } from '../../core/messages.ts';
import type { TextTokenizer } from '../../tokenizer/index.ts';
import { readBodyText } from '../rewards/body.ts';
import { cannotReload, type ReloadableBackend } from './backend.ts';
import { chatChunks, chatResponse, planChat } from './chat.ts';
import {
  completionChunks,
  completionResponse,
  emptyOutput,
  type PromptResult,
  planCompletion,
} from './completions.ts';
import { responseId, type ServeContext, unixSeconds } from './context.ts';
import { decodeOutput } from './output.ts';
import { errorBody, RequestError } from './request-error.ts';
import { createScheduler, directSampler, type Scheduler, type SchedulerOptions } from './scheduler.ts';
import { chatRequestSchema, completionRequestSchema, firstIssue, reloadRequestSchema } from './schemas.ts';
import { thinkingMode } from './thinking.ts';

export const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;

export interface OpenAIServiceOptions {
  backend: ReloadableBackend;
  tokenizer: TextTokenizer;
  family: ChatFamily;
  /** The name served under `/v1/models` and accepted as `model`. */
  modelId: string;
  apiKey?: string;
  maxBodyBytes?: number;
  /** `batch`: the scheduler groups concurrent requests into one engine call (embedded); `direct`: one call each (upstream). */
  batching?: 'batch' | 'direct';
  scheduler?: SchedulerOptions;
}

export interface OpenAIService {
  handle(request: Request): Promise<Response>;
  /** Refuses new requests (503), finishes the ones admitted, closes the backend. Idempotent. */
  close(): Promise<void>;
  readonly scheduler: Scheduler;
  readonly context: ServeContext;
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...headers } });
}

function fail(
  status: number,
  message: string,
  param: string | null = null,
  headers: Record<string, string> = {},
) {
  return json(status, errorBody(status, message, param), headers);
}

/** `data: {json}` events, then `data: [DONE]`, as OpenAI-compatible servers stream. */
function sse(chunks: readonly unknown[]): Response {
  const encoder = new TextEncoder();
  let next = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (next < chunks.length)
        controller.enqueue(encoder.encode(`data: ${JSON.stringify(chunks[next++])}\n\n`));
      else {
        controller.enqueue(encoder.encode('data: [DONE]\n\n'));
        controller.close();
      }
    },
  });
  return new Response(stream, {
    status: 200,
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' },
  });
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function createOpenAIService(options: OpenAIServiceOptions): OpenAIService {
  const { backend, tokenizer } = options;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const scheduler =
    options.batching === 'direct'
      ? directSampler(() => backend.current())
      : createScheduler(() => backend.current(), options.scheduler);
  const context: ServeContext = {
    modelId: options.modelId,
    family: options.family,
    tokenizer,
    maxContext: () => backend.current().maxContext,
    vocabSize: () => backend.current().vocabSize ?? tokenizer.vocabSize,
  };
  let closing = false;
  let inFlight = 0;
  let drained: (() => void) | undefined;
  let closed: Promise<void> | undefined;

  async function readJson(request: Request): Promise<unknown> {
    const body = await readBodyText(request, maxBodyBytes);
    if (!body.ok)
      throw new RequestError(
        413,
        `the request body (${body.bytes} bytes or more) exceeds the limit of ${maxBodyBytes} bytes`,
        null,
        'too_large',
      );
    try {
      return JSON.parse(body.text);
    } catch (error) {
      throw new RequestError(400, `the body is not valid JSON: ${(error as Error).message}`);
    }
  }

  function validate<T>(
    schema: {
      safeParse(
        value: unknown,
      ): { success: true; data: T } | { success: false; error: import('zod').ZodError };
    },
    value: unknown,
  ): T {
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issue = firstIssue(parsed.error);
      throw new RequestError(400, issue.message, issue.param);
    }
    return parsed.data;
  }

  function checkModel(model: string | null | undefined): void {
    if (model != null && model !== '' && model !== context.modelId)
      throw new RequestError(
        404,
        `The model \`${model}\` does not exist; this server serves \`${context.modelId}\``,
        'model',
        'model_not_found',
      );
  }

  async function chat(request: Request): Promise<Response> {
    const body = validate(chatRequestSchema, await readJson(request));
    checkModel(body.model);
    const mode = thinkingMode(body.messages, body.chat_template_kwargs?.enable_thinking);
    const plan = planChat(body, mode, context);
    const completions = await scheduler.sample(plan.promptIds, plan.sampling);
    const outputs = completions.map((completion) => decodeOutput(tokenizer, completion, plan.output));
    const meta = { id: responseId('chatcmpl'), created: unixSeconds(), model: context.modelId };
    return body.stream
      ? sse(chatChunks(body, plan, outputs, meta))
      : json(200, chatResponse(body, plan, outputs, meta));
  }

  async function complete(request: Request): Promise<Response> {
    const body = validate(completionRequestSchema, await readJson(request));
    checkModel(body.model);
    if (body.stream && body.prompt_logprobs != null)
      throw new RequestError(400, 'prompt_logprobs is not available when streaming', 'prompt_logprobs');
    const plan = planCompletion(body, context);
    const results: PromptResult[] = await Promise.all(
      plan.prompts.map(async (prompt) => {
        const [promptLogprobs, completions] = await Promise.all([
          plan.score ? scheduler.logprobs(prompt) : null,
          plan.sampling ? scheduler.sample(prompt, plan.sampling) : null,
        ]);
        const outputs = completions
          ? completions.map((completion) => decodeOutput(tokenizer, completion, plan.output))
          : Array.from({ length: body.n }, emptyOutput);
        return { prompt, promptLogprobs, outputs };
      }),
    );
    const meta = { id: responseId('cmpl'), created: unixSeconds(), model: context.modelId };
    return body.stream
      ? sse(completionChunks(body, context, results, meta))
      : json(200, completionResponse(body, context, results, meta));
  }

  async function reload(request: Request): Promise<Response> {
    const body = validate(reloadRequestSchema, await readJson(request));
    const reloadFn = backend.reload;
    if (!reloadFn) throw new RequestError(400, cannotReload().message, null, 'cannot_reload');
    const started = performance.now();
    const result = await scheduler.exclusive(() => reloadFn(body.checkpoint ?? undefined));
    return json(200, { status: 'reloaded', ...result, seconds: (performance.now() - started) / 1000 });
  }

  function models(): Response {
    return json(200, {
      object: 'list',
      data: [
        {
          id: context.modelId,
          object: 'model',
          created: unixSeconds(),
          owned_by: 'cascade',
          root: context.modelId,
          parent: null,
          max_model_len: context.maxContext(),
        },
      ],
    });
  }

  async function route(request: Request, path: string): Promise<Response> {
    const method = request.method;
    if (path === '/healthz' || path === '/health') {
      if (closing) return fail(503, 'the server is shutting down');
      return json(200, { status: 'ok', model: context.modelId, backend: backend.current().name });
    }
    if (!path.startsWith('/v1/')) return fail(404, `no route ${method} ${path}`);
    if (options.apiKey) {
      const header = request.headers.get('authorization') ?? '';
      const token = /^Bearer\s+(.+)$/i.exec(header)?.[1] ?? '';
      if (!sameSecret(token, options.apiKey))
        return fail(401, 'missing or wrong API key (send Authorization: Bearer KEY)', null, {
          'www-authenticate': 'Bearer',
        });
    }
    const routes: Record<string, [string, () => Promise<Response> | Response]> = {
      '/v1/chat/completions': ['POST', () => chat(request)],
      '/v1/completions': ['POST', () => complete(request)],
      '/v1/models': ['GET', models],
      '/v1/admin/reload': ['POST', () => reload(request)],
    };
    const entry = routes[path];
    if (!entry) return fail(404, `no route ${method} ${path}`);
    if (entry[0] !== method) return fail(405, `${path} takes ${entry[0]}`, null, { allow: entry[0] });
    if (closing) return fail(503, 'the server is shutting down');
    return entry[1]();
  }

  return {
    scheduler,
    context,
    async handle(request) {
      inFlight++;
      try {
        return await route(request, new URL(request.url).pathname.replace(/\/+$/, '') || '/');
      } catch (error) {
        if (error instanceof RequestError) return fail(error.status, error.message, error.param);
        const message = (error as Error).message ?? String(error);
        // an upstream that failed is a bad gateway; a failure here is ours
        return fail(isCascadeError(error) && options.batching === 'direct' ? 502 : 500, message);
      } finally {
        inFlight--;
        if (inFlight === 0) drained?.();
      }
    },
    close() {
      closed ??= (async () => {
        closing = true;
        if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
        await scheduler.idle();
        await backend.close();
      })();
      return closed;
    },
  };
}
