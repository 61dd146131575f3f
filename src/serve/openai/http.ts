/**
 * The node:http adapter of the OpenAI server. Unlike the reward service's adapter it streams the
 * response body as it is produced (SSE). `close()` stops accepting, lets the handler finish what it
 * holds, then ends idle keep-alive connections (all of them after a short grace).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Handler {
  handle(request: Request): Promise<Response>;
  close(): Promise<void>;
}

export interface ListeningServer {
  /** `http://host:port` (the port the system chose when 0 was asked for). */
  url: string;
  port: number;
  close(): Promise<void>;
}

function toRequest(message: IncomingMessage, origin: string): Request {
  const headers = new Headers();
  for (let i = 0; i + 1 < message.rawHeaders.length; i += 2)
    headers.append(message.rawHeaders[i], message.rawHeaders[i + 1]);
  const method = message.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  let cancelled = false;
  const body = hasBody
    ? new ReadableStream<Uint8Array>({
        start(controller) {
          message.on('data', (chunk: Buffer) => {
            if (cancelled) return;
            controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
            if ((controller.desiredSize ?? 1) <= 0) message.pause();
          });
          message.on('end', () => {
            if (!cancelled) controller.close();
          });
          message.on('error', (error) => {
            if (!cancelled) controller.error(error);
          });
        },
        pull() {
          message.resume();
        },
        cancel() {
          // the rest of an over-limit body is read and dropped, so the 413 answer reaches the client
          cancelled = true;
          message.resume();
        },
      })
    : undefined;
  return new Request(new URL(message.url ?? '/', origin), {
    method,
    headers,
    body,
    duplex: 'half',
  } as RequestInit);
}

async function writeResponse(response: Response, out: ServerResponse, close: boolean): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    headers[key] = value;
  });
  if (close) headers.connection = 'close';
  out.writeHead(response.status, headers);
  if (!response.body) {
    out.end();
    return;
  }
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    // respect back-pressure: wait for the socket to drain before producing more
    if (!out.write(value)) await new Promise((resolve) => out.once('drain', resolve));
  }
  out.end();
}

export function listenOpenAI(handler: Handler, port: number, host = '127.0.0.1'): Promise<ListeningServer> {
  let closing = false;
  const server = createServer((message, out) => {
    let request: Request;
    try {
      request = toRequest(message, `http://${message.headers.host ?? host}`);
    } catch (error) {
      out.writeHead(400, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
      out.end(
        JSON.stringify({
          error: { message: (error as Error).message, type: 'BadRequestError', param: null, code: 400 },
        }),
      );
      return;
    }
    handler
      .handle(request)
      .then((response) => writeResponse(response, out, closing || !message.complete))
      .catch((error: unknown) => {
        if (!out.headersSent) out.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        out.end(
          JSON.stringify({
            error: { message: (error as Error).message, type: 'InternalServerError', param: null, code: 500 },
          }),
        );
      });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      let closed: Promise<void> | undefined;
      resolve({
        url: `http://${shownHost}:${address.port}`,
        port: address.port,
        close() {
          closed ??= (async () => {
            closing = true;
            const stopped = new Promise<void>((done) => server.close(() => done()));
            await handler.close();
            server.closeIdleConnections();
            const grace = setTimeout(() => server.closeAllConnections(), 2000);
            await stopped;
            clearTimeout(grace);
          })();
          return closed;
        },
      });
    });
  });
}
