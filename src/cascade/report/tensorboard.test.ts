import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CascadeError } from '../../core/errors.ts';
import { crc32c, maskCrc } from './crc32c.ts';
import { encodeEvent, tfRecord, varint } from './event-proto.ts';
import { TensorBoardWriter } from './tensorboard.ts';

const ascii = (s: string) => new TextEncoder().encode(s);
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('crc32c', () => {
  it('matches the standard check value and the RFC 3720 (iSCSI) vectors', () => {
    assert.equal(crc32c(ascii('123456789')), 0xe3069283);
    assert.equal(crc32c(new Uint8Array(0)), 0);
    assert.equal(crc32c(new Uint8Array(32)), 0x8a9136aa);
    assert.equal(crc32c(new Uint8Array(32).fill(0xff)), 0x62a8ab43);
    assert.equal(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i)), 0x46dd794e);
    assert.equal(crc32c(Uint8Array.from({ length: 32 }, (_, i) => 31 - i)), 0x113fdb5c);
  });

  it('masks as rotate-right-15 plus 0xa282ead8 (worked by hand for 0xe3069283)', () => {
    // 0xe3069283 >>> 15 = 0x1c60d; (0xe3069283 & 0x7fff) << 17 = 0x25060000; or = 0x2507c60d; + 0xa282ead8
    assert.equal(maskCrc(0xe3069283), 0xc78ab0e5);
    assert.equal(maskCrc(0), 0xa282ead8);
  });
});

describe('event protobuf', () => {
  it('encodes varints, including a negative int64 as ten bytes', () => {
    assert.deepEqual(varint(0), [0]);
    assert.deepEqual(varint(1), [1]);
    assert.deepEqual(varint(300), [0xac, 0x02]);
    assert.deepEqual(varint(-1), [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
  });

  it('encodes a scalar event byte for byte as the wire format prescribes', () => {
    // Event{wall_time=1.5, step=300, summary{value{tag="loss", simple_value=0.5}}}, derived by hand:
    //   09 <1.5 as LE double 00 00 00 00 00 00 f8 3f>   field 1, wire 1
    //   10 ac 02                                        field 2, varint 300
    //   2a 0d                                           field 5, 13 bytes of Summary
    //     0a 0b                                         Summary.value, 11 bytes
    //       0a 04 6c 6f 73 73                           Value.tag "loss"
    //       15 00 00 00 3f                              Value.simple_value 0.5f
    const expected = '09000000000000f83f' + '10ac02' + '2a0d' + '0a0b' + '0a046c6f7373' + '150000003f';
    assert.equal(
      hex(encodeEvent({ wallTime: 1.5, step: 300, scalars: [{ tag: 'loss', value: 0.5 }] })),
      expected,
    );
  });

  it('encodes the file-version event', () => {
    // 09 <2.0 double> 10 00 1a 0d "brain.Event:2"
    const expected = '0900000000000000' + '40' + '1000' + '1a0d' + hex(ascii('brain.Event:2'));
    assert.equal(hex(encodeEvent({ wallTime: 2, step: 0, fileVersion: 'brain.Event:2' })), expected);
  });

  it('frames a record with its length and both masked checksums', () => {
    const data = ascii('123456789');
    const record = tfRecord(data);
    const view = new DataView(record.buffer);
    assert.equal(record.length, 8 + 4 + 9 + 4);
    assert.equal(view.getBigUint64(0, true), 9n);
    assert.equal(view.getUint32(8, true), maskCrc(crc32c(Uint8Array.from([9, 0, 0, 0, 0, 0, 0, 0]))));
    assert.equal(hex(record.subarray(12, 21)), hex(data));
    assert.equal(view.getUint32(21, true), 0xc78ab0e5);
  });

  it('rejects a fractional step', () => {
    assert.throws(() => encodeEvent({ wallTime: 0, step: 1.5 }), CascadeError);
  });
});

describe('TensorBoardWriter', () => {
  const root = mkdtempSync(join(tmpdir(), 'cascade-tb-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const options = { now: () => 1700000000.25, hostname: 'host', pid: 42 };

  it('names the file as TensorFlow does and starts with the version record', () => {
    const dir = join(root, 'named');
    const writer = new TensorBoardWriter(dir, options);
    writer.close();
    assert.deepEqual(readdirSync(dir), ['events.out.tfevents.1700000000.host.42.0']);
    const second = new TensorBoardWriter(dir, options);
    assert.ok(second.path.endsWith('.host.42.1'), 'a second writer in the same second gets the next counter');
    const bytes = readFileSync(writer.path);
    assert.equal(
      hex(bytes),
      hex(tfRecord(encodeEvent({ wallTime: 1700000000.25, step: 0, fileVersion: 'brain.Event:2' }))),
    );
  });

  it('buffers scalars until flush and refuses writes after close', () => {
    const writer = new TensorBoardWriter(join(root, 'buffered'), options);
    const header = readFileSync(writer.path).length;
    writer.scalar('reward/mean', 1, 0.25, 10);
    assert.equal(readFileSync(writer.path).length, header, 'nothing written before flush');
    writer.flush();
    const record = tfRecord(
      encodeEvent({ wallTime: 10, step: 1, scalars: [{ tag: 'reward/mean', value: 0.25 }] }),
    );
    assert.equal(hex(readFileSync(writer.path).subarray(header)), hex(record));
    writer.close();
    assert.throws(() => writer.scalar('x', 2, 1), CascadeError);
  });

  const python = spawnSync('python3', ['--version']).status === 0;
  const slow = Boolean(process.env.CASCADE_SLOW_TESTS);
  it('reads back with an independent Python reader', {
    skip: !slow ? 'set CASCADE_SLOW_TESTS=1' : !python ? 'python3 not found' : false,
  }, () => {
    const writer = new TensorBoardWriter(join(root, 'python'), options);
    for (let step = 1; step <= 50; step++) writer.scalar('reward/mean', step, step / 64, 1700000000 + step);
    writer.scalar('kl/mean', -3, 0.125, 5);
    writer.close();
    const reader = fileURLToPath(new URL('./testing/read_tfevents.py', import.meta.url));
    const events = JSON.parse(execFileSync('python3', [reader, writer.path], { encoding: 'utf8' }));
    assert.equal(events.length, 52);
    assert.equal(events[0].file_version, 'brain.Event:2');
    assert.equal(events[0].wall_time, 1700000000.25);
    assert.deepEqual(events[10], {
      wall_time: 1700000010,
      step: 10,
      values: [{ tag: 'reward/mean', simple_value: 10 / 64 }],
    });
    assert.deepEqual(events[51], {
      wall_time: 5,
      step: -3,
      values: [{ tag: 'kl/mean', simple_value: 0.125 }],
    });
    // the reader is not vacuous: one flipped payload byte fails its checksum
    const corrupt = join(root, 'corrupt.tfevents');
    const bytes = readFileSync(writer.path);
    bytes[40] ^= 0x01;
    writeFileSync(corrupt, bytes);
    assert.notEqual(spawnSync('python3', [reader, corrupt]).status, 0);
  });
});
