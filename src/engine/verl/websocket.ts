/**
 * Just enough of a WebSocket client (RFC 6455) to read Ray's `GET /api/jobs/{id}/logs/tail`:
 * opens the upgrade over node:http, hands each text message to `onMessage`, answers pings and the
 * server's close, and resolves when the stream ends. Node 20 has no global WebSocket.
 */
import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import type { Duplex } from 'node:stream';
import { CascadeError } from '../../core/errors.ts';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export function websocketAccept(key: string): string {
  return createHash('sha1')
    .update(key + GUID)
    .digest('base64');
}

/** A client frame (clients must mask). */
function clientFrame(opcode: number, payload: Buffer): Buffer {
  const mask = randomBytes(4);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]));
  const length = payload.length;
  const head =
    length < 126
      ? Buffer.from([0x80 | opcode, 0x80 | length])
      : Buffer.from([0x80 | opcode, 0x80 | 126, length >> 8, length & 0xff]);
  return Buffer.concat([head, mask, masked]);
}

interface Frame {
  fin: boolean;
  opcode: number;
  payload: Buffer;
  size: number;
}

/** One frame from the front of `buffer`, or undefined when it is not all there yet. */
export function readFrame(buffer: Buffer): Frame | undefined {
  if (buffer.length < 2) return undefined;
  const fin = (buffer[0] & 0x80) !== 0;
  const opcode = buffer[0] & 0x0f;
  const masked = (buffer[1] & 0x80) !== 0;
  let length = buffer[1] & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (buffer.length < 4) return undefined;
    length = buffer.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (buffer.length < 10) return undefined;
    length = Number(buffer.readBigUInt64BE(2));
    offset = 10;
  }
  const maskAt = offset;
  if (masked) offset += 4;
  if (buffer.length < offset + length) return undefined;
  let payload = buffer.subarray(offset, offset + length);
  if (masked) payload = Buffer.from(payload.map((byte, i) => byte ^ buffer[maskAt + (i % 4)]));
  return { fin, opcode, payload, size: offset + length };
}

/** Reads text messages until the server closes; rejects on a failed upgrade or a broken stream. */
export function readWebSocketText(
  url: string,
  onMessage: (text: string) => void,
  signal?: AbortSignal,
): Promise<void> {
  const key = randomBytes(16).toString('base64');
  return new Promise((resolve, reject) => {
    const req = request(url, {
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-key': key,
        'sec-websocket-version': '13',
      },
      signal,
    });
    req.on('error', reject);
    req.on('response', (response) => {
      response.resume();
      reject(
        new CascadeError(
          'ray_ws_refused',
          `${url} answered HTTP ${response.statusCode} instead of upgrading`,
        ),
      );
    });
    req.on('upgrade', (response, socket: Duplex, head: Buffer) => {
      if (response.headers['sec-websocket-accept'] !== websocketAccept(key)) {
        socket.destroy();
        reject(new CascadeError('ray_ws_bad_handshake', `${url}: wrong Sec-WebSocket-Accept`));
        return;
      }
      let buffer = head;
      let parts: Buffer[] = [];
      let closed = false;
      const finish = () => {
        if (!closed) {
          closed = true;
          resolve();
        }
      };
      socket.on('data', (chunk: Buffer) => {
        buffer = Buffer.concat([buffer, chunk]);
        for (let frame = readFrame(buffer); frame; frame = readFrame(buffer)) {
          buffer = buffer.subarray(frame.size);
          if (frame.opcode === 0x8) {
            socket.end(clientFrame(0x8, frame.payload.subarray(0, 2)));
            finish();
            return;
          }
          if (frame.opcode === 0x9) socket.write(clientFrame(0xa, frame.payload));
          if (frame.opcode === 0x1 || frame.opcode === 0x2 || frame.opcode === 0x0) {
            parts.push(frame.payload);
            if (frame.fin) {
              onMessage(Buffer.concat(parts).toString('utf8'));
              parts = [];
            }
          }
        }
      });
      signal?.addEventListener(
        'abort',
        () => {
          socket.destroy();
          finish();
        },
        { once: true },
      );
      socket.on('end', finish);
      socket.on('close', finish);
      socket.on('error', (error) => {
        if (!closed) {
          closed = true;
          reject(error);
        }
      });
    });
    req.end();
  });
}
