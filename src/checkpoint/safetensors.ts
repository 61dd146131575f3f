/**
 * safetensors: an 8-byte little-endian header length, a JSON header mapping each tensor name to
 * {dtype, shape, data_offsets: [begin, end)} relative to the data section, then the raw bytes. We write
 * F32 only, padding the header with spaces so the data starts 8-byte aligned (the format allows trailing
 * whitespace); we read F32, F16 and BF16 and widen them to Float32Array. Data is little-endian, as on
 * every platform Node runs on that we support.
 */
import { closeSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';
import { CascadeError } from '../core/errors.ts';

export interface Tensor {
  shape: number[];
  data: Float32Array;
}

export type TensorMap = Record<string, Tensor>;

const BYTES: Record<string, number> = { F32: 4, F16: 2, BF16: 2 };

/** Writes tensors (in the given key order) as one F32 safetensors file, fsynced. */
export function writeSafetensors(
  path: string,
  tensors: TensorMap,
  metadata: Record<string, string> = {},
): void {
  const header: Record<string, unknown> = { __metadata__: { format: 'pt', ...metadata } };
  let offset = 0;
  for (const [name, tensor] of Object.entries(tensors)) {
    const count = tensor.shape.reduce((a, b) => a * b, 1);
    if (count !== tensor.data.length)
      throw new CascadeError(
        'checkpoint.shape',
        `shape [${tensor.shape}] has ${count} elements, data has ${tensor.data.length}`,
        {
          where: `${path}: ${name}`,
        },
      );
    header[name] = { dtype: 'F32', shape: tensor.shape, data_offsets: [offset, offset + 4 * count] };
    offset += 4 * count;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - ((8 + Buffer.byteLength(json)) % 8)) % 8);
  const headerBytes = Buffer.from(json, 'utf8');
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(BigInt(headerBytes.length));
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, prefix);
    writeSync(fd, headerBytes);
    for (const tensor of Object.values(tensors))
      writeAll(fd, Buffer.from(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function writeAll(fd: number, bytes: Buffer): void {
  let written = 0;
  while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
}

function readExactly(fd: number, bytes: Uint8Array, position: number, path: string, what: string): void {
  let done = 0;
  while (done < bytes.length) {
    const got = readSync(fd, bytes, done, bytes.length - done, position + done);
    if (got === 0)
      throw new CascadeError('checkpoint.truncated', `file ends inside ${what}`, { where: path });
    done += got;
  }
}

interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

/** Reads every tensor of a safetensors file as float32, checking the header against the file. */
export function readSafetensors(path: string): { tensors: TensorMap; metadata: Record<string, string> } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (cause) {
    throw new CascadeError('checkpoint.missing', 'cannot open safetensors file', { where: path, cause });
  }
  try {
    const prefix = new Uint8Array(8);
    readExactly(fd, prefix, 0, path, 'the header length');
    const headerLength = Number(Buffer.from(prefix).readBigUInt64LE(0));
    if (headerLength > 100_000_000)
      throw new CascadeError('checkpoint.header', `implausible header length ${headerLength}`, {
        where: path,
      });
    const headerBytes = new Uint8Array(headerLength);
    readExactly(fd, headerBytes, 8, path, 'the JSON header');
    let header: Record<string, unknown>;
    try {
      header = JSON.parse(Buffer.from(headerBytes).toString('utf8'));
    } catch (cause) {
      throw new CascadeError('checkpoint.header', 'header is not valid JSON', { where: path, cause });
    }
    const base = 8 + headerLength;
    const tensors: TensorMap = {};
    for (const [name, raw] of Object.entries(header)) {
      if (name === '__metadata__') continue;
      const entry = raw as HeaderEntry;
      const where = `${path}: ${name}`;
      const width = BYTES[entry?.dtype];
      if (!width)
        throw new CascadeError(
          'checkpoint.dtype',
          `dtype ${entry?.dtype} is not supported (F32, F16, BF16 are)`,
          { where },
        );
      const count = entry.shape.reduce((a, b) => a * b, 1);
      const [begin, end] = entry.data_offsets;
      if (end - begin !== count * width)
        throw new CascadeError(
          'checkpoint.header',
          `data_offsets [${begin}, ${end}) do not hold ${count} ${entry.dtype}`,
          { where },
        );
      const bytes = new Uint8Array(count * width);
      readExactly(fd, bytes, base + begin, path, `tensor ${name}`);
      tensors[name] = { shape: entry.shape, data: widen(bytes, entry.dtype, count) };
    }
    return { tensors, metadata: (header.__metadata__ as Record<string, string>) ?? {} };
  } finally {
    closeSync(fd);
  }
}

function widen(bytes: Uint8Array, dtype: string, count: number): Float32Array {
  if (dtype === 'F32') return new Float32Array(bytes.buffer, 0, count);
  const halves = new Uint16Array(bytes.buffer, 0, count);
  const out = new Float32Array(count);
  if (dtype === 'BF16') {
    // bfloat16 is the top half of a float32
    const bits = new Uint32Array(out.buffer);
    for (let i = 0; i < count; i++) bits[i] = halves[i] << 16;
    return out;
  }
  for (let i = 0; i < count; i++) out[i] = halfToFloat(halves[i]);
  return out;
}

/** IEEE binary16 → number. */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const mantissa = h & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 31) return mantissa ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}
