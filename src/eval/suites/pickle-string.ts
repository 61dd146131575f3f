/**
 * Decodes LiveCodeBench's packed private tests: base64 → zlib → a Python pickle of one `str`
 * (which holds the tests as JSON). Only that shape is understood: protocols 2–5 with the opcodes a
 * pickled string uses (PROTO, FRAME, SHORT_BINUNICODE, BINUNICODE, BINUNICODE8, MEMOIZE, BINPUT,
 * LONG_BINPUT, STOP). Anything else fails naming the opcode; nothing is ever executed.
 */
import { inflateSync } from 'node:zlib';
import { CascadeError } from '../../core/errors.ts';

export function decodePackedTests(packed: string, where: string): string {
  let raw: Buffer;
  try {
    raw = inflateSync(Buffer.from(packed, 'base64'));
  } catch (error) {
    throw new CascadeError(
      'eval_data',
      `private_test_cases is neither JSON nor base64+zlib: ${(error as Error).message}`,
      { where },
    );
  }
  return unpickleString(raw, where);
}

export function unpickleString(bytes: Buffer, where: string): string {
  let at = 0;
  let result: string | undefined;
  const need = (count: number) => {
    if (at + count > bytes.length) throw new CascadeError('eval_data', 'pickle ends early', { where });
  };
  const text = (length: number) => {
    need(length);
    const value = bytes.subarray(at, at + length).toString('utf8');
    at += length;
    return value;
  };
  while (at < bytes.length) {
    const opcode = bytes[at++];
    switch (opcode) {
      case 0x80: // PROTO n
        need(1);
        at += 1;
        break;
      case 0x95: // FRAME (8-byte length): framing only
        need(8);
        at += 8;
        break;
      case 0x8c: // SHORT_BINUNICODE (1-byte length)
        need(1);
        result = text(bytes[at++]);
        break;
      case 0x58: // BINUNICODE (4-byte length)
        need(4);
        at += 4;
        result = text(bytes.readUInt32LE(at - 4));
        break;
      case 0x8d: // BINUNICODE8 (8-byte length)
        need(8);
        at += 8;
        result = text(Number(bytes.readBigUInt64LE(at - 8)));
        break;
      case 0x94: // MEMOIZE
        break;
      case 0x71: // BINPUT (1-byte memo index)
        at += 1;
        break;
      case 0x72: // LONG_BINPUT (4-byte memo index)
        at += 4;
        break;
      case 0x2e: // STOP
        if (result === undefined) throw new CascadeError('eval_data', 'pickle holds no string', { where });
        return result;
      default:
        throw new CascadeError(
          'eval_data',
          `unsupported pickle opcode 0x${opcode.toString(16)} at byte ${at - 1}: only a pickled str of JSON tests is supported`,
          { where },
        );
    }
  }
  throw new CascadeError('eval_data', 'pickle has no STOP opcode', { where });
}
