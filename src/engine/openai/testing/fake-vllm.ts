/**
 * A fake OpenAI-compatible (vLLM-shaped) server on 127.0.0.1 for tests: each request is recorded
 * and answered by a handler the test writes, as JSON, as SSE chunks, as an HTTP error, by hanging,
 * or by dropping the connection. Test support only; nothing in Cascade's runtime imports it.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  // biome-ignore lint/suspicious/noExplicitAny: request bodies are whatever the client sent
  body: any;
}

export type FakeReply =
  | { json: unknown; status?: number; headers?: Record<string, string> }
  | { sse: unknown[]; status?: number }
  | { status: number; text: string; headers?: Record<string, string> }
  | { hang: true }
  | { destroy: true };

export type FakeHandler = (request: FakeRequest) => FakeReply | Promise<FakeReply>;

export interface FakeServer {
  /** `http://127.0.0.1:PORT/v1` */
  url: string;
  requests: FakeRequest[];
  close(): Promise<void>;
}

export async function startFakeServer(handler: FakeHandler): Promise<FakeServer> {
  const requests: FakeRequest[] = [];
  const hanging = new Set<ServerResponse>();
  const server = createServer(async (incoming, outgoing) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const request: FakeRequest = {
      method: incoming.method ?? 'GET',
      path: (incoming.url ?? '/').split('?')[0],
      headers: incoming.headers,
      body: text ? JSON.parse(text) : undefined,
    };
    requests.push(request);
    let reply: FakeReply;
    try {
      reply = await handler(request);
    } catch (error) {
      reply = {
        status: 500,
        text: JSON.stringify({
          error: { message: `fake server handler threw: ${(error as Error).message}` },
        }),
      };
    }
    send(outgoing, reply, hanging);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of hanging) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(outgoing: ServerResponse, reply: FakeReply, hanging: Set<ServerResponse>): void {
  if ('hang' in reply) {
    hanging.add(outgoing);
    outgoing.on('close', () => hanging.delete(outgoing));
    return;
  }
  if ('destroy' in reply) {
    outgoing.socket?.destroy();
    return;
  }
  if ('sse' in reply) {
    outgoing.writeHead(reply.status ?? 200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
    });
    for (const chunk of reply.sse) outgoing.write(`data: ${JSON.stringify(chunk)}\n\n`);
    outgoing.end('data: [DONE]\n\n');
    return;
  }
  if ('json' in reply) {
    outgoing.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
    outgoing.end(JSON.stringify(reply.json));
    return;
  }
  outgoing.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
  outgoing.end(reply.text);
}

/** A non-streaming chat answer in vLLM's shape, one choice per entry. */
export function chatReply(
  model: string,
  choices: {
    content: string | null;
    reasoning?: string | null;
    toolCalls?: { name: string; arguments: string }[];
    finishReason?: string;
  }[],
): { json: unknown } {
  return {
    json: {
      id: 'chatcmpl-fake',
      object: 'chat.completion',
      created: 0,
      model,
      choices: choices.map((choice, index) => ({
        index,
        message: {
          role: 'assistant',
          content: choice.content,
          reasoning: choice.reasoning ?? null,
          tool_calls: (choice.toolCalls ?? []).map((call, callIndex) => ({
            id: `chatcmpl-tool-${index}${callIndex}`,
            type: 'function',
            function: call,
          })),
        },
        logprobs: null,
        finish_reason: choice.finishReason ?? ((choice.toolCalls ?? []).length > 0 ? 'tool_calls' : 'stop'),
        stop_reason: null,
      })),
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    },
  };
}
