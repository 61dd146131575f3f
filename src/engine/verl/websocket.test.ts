import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFrame, websocketAccept } from './websocket.ts';

test('Sec-WebSocket-Accept matches the RFC 6455 example', () => {
  assert.equal(websocketAccept('dGhlIHNhbXBsZSBub25jZQ=='), 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
});

test('readFrame: short, 16-bit and 64-bit lengths, masked payloads, incomplete input', () => {
  const short = readFrame(Buffer.from([0x81, 0x02, 0x68, 0x69, 0xff]));
  assert.deepEqual([short?.fin, short?.opcode, short?.payload.toString(), short?.size], [true, 1, 'hi', 4]);

  const text = 'x'.repeat(300);
  const medium = Buffer.concat([Buffer.from([0x01, 126, 0x01, 0x2c]), Buffer.from(text)]);
  const frame = readFrame(medium);
  assert.deepEqual([frame?.fin, frame?.opcode, frame?.payload.length], [false, 1, 300]);
  assert.equal(readFrame(medium.subarray(0, 200)), undefined);

  const long = Buffer.alloc(10);
  long[0] = 0x82;
  long[1] = 127;
  long.writeBigUInt64BE(3n, 2);
  assert.equal(readFrame(Buffer.concat([long, Buffer.from('abc')]))?.payload.toString(), 'abc');

  // "Hello" masked with 37 fa 21 3d (the RFC's example)
  const masked = Buffer.from([0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58]);
  assert.equal(readFrame(masked)?.payload.toString(), 'Hello');
  assert.equal(readFrame(Buffer.from([0x81])), undefined);
});
