/**
 * The OpenAI server's node:http adapter. Unlike the reward service's it streams the response body as
 * it is produced (SSE), waiting on the socket's back-pressure. The shared side is ../http.ts.
 */
import { headersOf, type RequestHandler, type RunningServer, serveHandler } from '../http.ts';

export type Handler = RequestHandler;
export type ListeningServer = RunningServer;

export function listenOpenAI(handler: Handler, port: number, host = '127.0.0.1'): Promise<ListeningServer> {
  return serveHandler(
    handler,
    {
      async write(response, out, _message, close) {
        out.writeHead(response.status, headersOf(response, close));
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
      },
      errorBody: (status, message) =>
        JSON.stringify({
          error: {
            message,
            type: status === 400 ? 'BadRequestError' : 'InternalServerError',
            param: null,
            code: status,
          },
        }),
    },
    port,
    host,
  );
}
