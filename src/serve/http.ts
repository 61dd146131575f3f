/**
 * The node:http side shared by Cascade's services: each IncomingMessage becomes a Web `Request` for
 * `handle`, each `Response` is written back by the service's own writer (buffered or streamed).
 * `close()` stops accepting connections, lets the handler finish the requests it holds (its own
 * `close()`), then ends the remaining keep-alive connections (all of them after a short grace).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RequestHandler {
  handle(request: Request): Promise<Response>;
  close(): Promise<void>;
}

export interface RunningServer {
  /** `http://host:port`, with the port the system chose when 0 was asked for. */
  url: string;
  port: number;
  host: string;
  /** Graceful: stop accepting, finish in-flight requests, close the handler. Idempotent. */
  close(): Promise<void>;
}

export interface ResponseWriter {
  /** Writes `response`; `close` asks for `connection: close` (body left unread, or shutting down). */
  write(response: Response, out: ServerResponse, message: IncomingMessage, close: boolean): Promise<void>;
  /** The JSON error body of this service's API for a status and message. */
  errorBody(status: 400 | 500, message: string): string;
}

/** The request body as a Web stream; cancelling it discards the rest instead of resetting the socket. */
function bodyStream(message: IncomingMessage): ReadableStream<Uint8Array> {
  let cancelled = false;
  return new ReadableStream<Uint8Array>({
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
  });
}

function toRequest(message: IncomingMessage, origin: string): Request {
  const headers = new Headers();
  for (let i = 0; i + 1 < message.rawHeaders.length; i += 2)
    headers.append(message.rawHeaders[i], message.rawHeaders[i + 1]);
  const method = message.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  return new Request(new URL(message.url ?? '/', origin), {
    method,
    headers,
    body: hasBody ? bodyStream(message) : undefined,
    // required by the fetch spec for a streamed request body
    duplex: 'half',
  } as RequestInit);
}

/** Response headers as a plain object, with `connection: close` when asked. */
export function headersOf(response: Response, close: boolean): Record<string, string> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    headers[key] = value;
  });
  if (close) headers.connection = 'close';
  return headers;
}

/** Serves `handler` on `host:port` (port 0: any free port). */
export function serveHandler(
  handler: RequestHandler,
  writer: ResponseWriter,
  port: number,
  host = '127.0.0.1',
): Promise<RunningServer> {
  let closing = false;
  const server = createServer((message, out) => {
    let request: Request;
    try {
      request = toRequest(message, `http://${message.headers.host ?? host}`);
    } catch (error) {
      out.writeHead(400, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
      out.end(writer.errorBody(400, (error as Error).message));
      return;
    }
    handler
      .handle(request)
      .then((response) => writer.write(response, out, message, closing || !message.complete))
      .catch((error: unknown) => {
        if (!out.headersSent) out.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        out.end(writer.errorBody(500, (error as Error).message));
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
        host: address.address,
        close() {
          closed ??= (async () => {
            closing = true;
            const stopped = new Promise<void>((done) => server.close(() => done()));
            await handler.close();
            server.closeIdleConnections();
            // responses are written by now; a client holding a connection open must not hold us up
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
