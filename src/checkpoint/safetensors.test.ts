import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { halfToFloat, readSafetensors, writeSafetensors } from './safetensors.ts';

const dir = mkdtempSync(join(tmpdir(), 'safetensors-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A safetensors file built by hand from the format description, independent of our writer. */
function handMade(path: string, entries: { name: string; dtype: string; shape: number[]; bytes: Buffer }[]) {
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
  let offset = 0;
  for (const entry of entries) {
    header[entry.name] = {
      dtype: entry.dtype,
      shape: entry.shape,
      data_offsets: [offset, offset + entry.bytes.length],
    };
    offset += entry.bytes.length;
  }
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  writeFileSync(path, Buffer.concat([length, json, ...entries.map((entry) => entry.bytes)]));
}

describe('safetensors', () => {
  it('writes F32 that reads back exactly, with an 8-byte aligned data section', () => {
    const path = join(dir, 'roundtrip.safetensors');
    const a = Float32Array.from([1.5, -2, 3.25, 1e-30, 7, 8]);
    const b = Float32Array.from([0.1]);
    writeSafetensors(path, { 'model.a': { shape: [2, 3], data: a }, b: { shape: [1], data: b } });
    const bytes = readFileSync(path);
    const headerLength = Number(bytes.readBigUInt64LE(0));
    assert.equal((8 + headerLength) % 8, 0);
    const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString());
    assert.deepEqual(header['model.a'], { dtype: 'F32', shape: [2, 3], data_offsets: [0, 24] });
    assert.deepEqual(header.b, { dtype: 'F32', shape: [1], data_offsets: [24, 28] });
    assert.equal(bytes.readFloatLE(8 + headerLength + 8), 3.25, 'little-endian F32 at data_offsets');
    const { tensors } = readSafetensors(path);
    assert.deepEqual(Array.from(tensors['model.a'].data), Array.from(a));
    assert.deepEqual(tensors['model.a'].shape, [2, 3]);
    assert.deepEqual(Array.from(tensors.b.data), Array.from(b));
  });

  it('reads F16 and BF16 as float32', () => {
    const path = join(dir, 'half.safetensors');
    // F16: 1.0 = 0x3c00, −2.0 = 0xc000, 65504 = 0x7bff, smallest subnormal 0x0001 = 2^-24
    const f16 = Buffer.alloc(8);
    for (const [i, bits] of [0x3c00, 0xc000, 0x7bff, 0x0001].entries()) f16.writeUInt16LE(bits, 2 * i);
    // BF16: the top 16 bits of a float32; 1.0 = 0x3f80, −0.5 = 0xbf00, 3.140625 = 0x4049
    const bf16 = Buffer.alloc(6);
    for (const [i, bits] of [0x3f80, 0xbf00, 0x4049].entries()) bf16.writeUInt16LE(bits, 2 * i);
    handMade(path, [
      { name: 'h', dtype: 'F16', shape: [4], bytes: f16 },
      { name: 'b', dtype: 'BF16', shape: [3, 1], bytes: bf16 },
    ]);
    const { tensors } = readSafetensors(path);
    assert.deepEqual(Array.from(tensors.h.data), [1, -2, 65504, 2 ** -24]);
    assert.deepEqual(Array.from(tensors.b.data), [1, -0.5, 3.140625]);
    assert.deepEqual(tensors.b.shape, [3, 1]);
    assert.equal(halfToFloat(0x7c00), Number.POSITIVE_INFINITY);
  });

  it('names the file and tensor when the header disagrees with the data', () => {
    const path = join(dir, 'bad.safetensors');
    handMade(path, [{ name: 'w', dtype: 'F32', shape: [3], bytes: Buffer.alloc(8) }]);
    assert.throws(() => readSafetensors(path), /bad\.safetensors: w: data_offsets/);
    handMade(path, [{ name: 'w', dtype: 'I64', shape: [1], bytes: Buffer.alloc(8) }]);
    assert.throws(() => readSafetensors(path), /w: dtype I64 is not supported/);
    writeFileSync(path, Buffer.alloc(4));
    assert.throws(() => readSafetensors(path), /file ends inside the header length/);
    assert.throws(() => readSafetensors(join(dir, 'absent.safetensors')), /absent\.safetensors: cannot open/);
  });
});
