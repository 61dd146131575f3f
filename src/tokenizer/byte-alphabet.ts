/**
 * The byte-level alphabet of GPT-2 style tokenizers (Hugging Face `ByteLevel`): each byte 0–255 is
 * written as one printable character, so a byte string becomes a string of vocab entries. Printable
 * Latin-1 bytes stand for themselves; the other 68 bytes take U+0100, U+0101, ... in byte order.
 */

function isSelfPrintable(byte: number): boolean {
  return (byte >= 0x21 && byte <= 0x7e) || (byte >= 0xa1 && byte <= 0xac) || (byte >= 0xae && byte <= 0xff);
}

/** Index b holds the character that stands for byte b. */
export function byteLevelAlphabet(): string[] {
  const alphabet: string[] = [];
  let shifted = 0;
  for (let byte = 0; byte < 256; byte++) {
    alphabet.push(String.fromCodePoint(isSelfPrintable(byte) ? byte : 0x100 + shifted++));
  }
  return alphabet;
}
