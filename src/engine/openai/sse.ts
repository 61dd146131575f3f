/**
 * Server-sent events as OpenAI-compatible servers stream them: `data: {json}` lines separated by a
 * blank line, ending with `data: [DONE]`. Yields each event's data text; the caller parses it.
 */
export async function* readSseData(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    yield* drainEvents(buffer, (rest) => {
      buffer = rest;
    });
  }
  buffer += decoder.decode();
  yield* drainEvents(`${buffer}\n\n`, () => {});
}

function* drainEvents(buffer: string, keep: (rest: string) => void): Generator<string> {
  const normalized = buffer.replace(/\r\n/g, '\n');
  const events = normalized.split('\n\n');
  keep(events.pop() ?? '');
  for (const event of events) {
    const data = sseEventData(event);
    if (data !== undefined && data !== '[DONE]') yield data;
  }
}

/** The joined `data:` lines of one event, or undefined when it has none (comments, keep-alives). */
export function sseEventData(event: string): string | undefined {
  const lines = event
    .split('\n')
    .filter((line) => line.startsWith('data:'))
    .map((line) => line.slice(5).replace(/^ /, ''));
  return lines.length === 0 ? undefined : lines.join('\n');
}
