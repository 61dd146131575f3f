import { CascadeError } from '../../core/errors.ts';
import { crc32c, maskCrc } from './crc32c.ts';

/**
 * Hand-written protobuf encoding of the two TensorFlow messages an event file of scalars needs
 * (tensorflow/core/util/event.proto, summary.proto), and the TFRecord frame around each one.
 *   Event   { double wall_time = 1; int64 step = 2; string file_version = 3; Summary summary = 5; }
 *   Summary { repeated Value value = 1; }   Value { string tag = 1; float simple_value = 2; }
 */
export interface ScalarEvent {
  wallTime: number;
  step: number;
  fileVersion?: string;
  scalars?: { tag: string; value: number }[];
}

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_BYTES = 2;
const WIRE_FIXED32 = 5;
const utf8 = new TextEncoder();

function key(field: number, wire: number): number {
  return (field << 3) | wire;
}

/** Base-128 varint; int64 values go through BigInt so negatives get their 10-byte two's complement. */
export function varint(value: number | bigint): number[] {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}

function bytesField(field: number, payload: Uint8Array | number[]): number[] {
  return [key(field, WIRE_BYTES), ...varint(payload.length), ...payload];
}

function fixed(bytes: number, write: (view: DataView) => void): number[] {
  const buffer = new ArrayBuffer(bytes);
  write(new DataView(buffer));
  return [...new Uint8Array(buffer)];
}

export function encodeEvent(event: ScalarEvent): Uint8Array {
  if (!Number.isSafeInteger(event.step)) {
    throw new CascadeError('tensorboard-bad-step', `step must be an integer, got ${event.step}`);
  }
  const out: number[] = [
    key(1, WIRE_FIXED64),
    ...fixed(8, (v) => v.setFloat64(0, event.wallTime, true)),
    key(2, WIRE_VARINT),
    ...varint(event.step),
  ];
  if (event.fileVersion !== undefined) out.push(...bytesField(3, utf8.encode(event.fileVersion)));
  if (event.scalars && event.scalars.length > 0) {
    const summary = event.scalars.flatMap((s) =>
      bytesField(1, [
        ...bytesField(1, utf8.encode(s.tag)),
        key(2, WIRE_FIXED32),
        ...fixed(4, (v) => v.setFloat32(0, s.value, true)),
      ]),
    );
    out.push(...bytesField(5, summary));
  }
  return Uint8Array.from(out);
}

/** One TFRecord: uint64 length, masked CRC-32C of those 8 bytes, the data, masked CRC-32C of the data. */
export function tfRecord(data: Uint8Array): Uint8Array {
  const record = new Uint8Array(8 + 4 + data.length + 4);
  const view = new DataView(record.buffer);
  view.setBigUint64(0, BigInt(data.length), true);
  view.setUint32(8, maskCrc(crc32c(record.subarray(0, 8))), true);
  record.set(data, 12);
  view.setUint32(12 + data.length, maskCrc(crc32c(data)), true);
  return record;
}
