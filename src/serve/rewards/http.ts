/**
 * The reward service's node:http adapter: responses are small JSON, written whole with a
 * content-length (HEAD gets the headers only). The shared request and shutdown side is ../http.ts.
 */
import { headersOf, type RequestHandler, type RunningServer, serveHandler } from '../http.ts';

export type { RequestHandler, RunningServer } from '../http.ts';

/** Serves `handler` on `host:port` (port 0: any free port). */
export function listen(handler: RequestHandler, port: number, host = '127.0.0.1'): Promise<RunningServer> {
  return serveHandler(
    handler,
    {
      async write(response, out, message, close) {
        const body = message.method === 'HEAD' ? undefined : Buffer.from(await response.arrayBuffer());
        const headers = headersOf(response, close);
        if (body) headers['content-length'] = String(body.byteLength);
        out.writeHead(response.status, headers);
        out.end(body);
      },
      errorBody: (status, message) =>
        JSON.stringify({ error: { code: status === 400 ? 'bad_request' : 'internal', message } }),
    },
    port,
    host,
  );
}
