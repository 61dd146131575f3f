/**
 * Python `str` semantics the reference checkers rely on (`strip`, `split()`, `isupper`, `islower`),
 * so a port counts whitespace and case exactly as CPython does rather than as `String.trim` does.
 */

/** Every code point CPython's `str.isspace()` accepts (JS `\s` differs: it adds U+FEFF, drops U+001C–U+001F and U+0085). */
export const PY_SPACE_CLASS =
  '\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

const PY_SPACE_RUN = new RegExp(`[${PY_SPACE_CLASS}]+`);

/** Whether one UTF-16 code unit is Python whitespace (none of them is a surrogate). */
export function isPySpaceCode(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d) || (code >= 0x1c && code <= 0x1f);
  if (code < 0x85) return false;
  return (
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

export function isPySpace(char: string): boolean {
  return char.length === 1 && isPySpaceCode(char.charCodeAt(0));
}

function isStripped(text: string, at: number, chars: string | undefined): boolean {
  return chars === undefined ? isPySpaceCode(text.charCodeAt(at)) : chars.includes(text[at]);
}

/** `str.lstrip(chars)`; without `chars`, Python whitespace. */
export function pyLStrip(text: string, chars?: string): string {
  let start = 0;
  while (start < text.length && isStripped(text, start, chars)) start++;
  return text.slice(start);
}

/** `str.rstrip(chars)`; without `chars`, Python whitespace. */
export function pyRStrip(text: string, chars?: string): string {
  let end = text.length;
  while (end > 0 && isStripped(text, end - 1, chars)) end--;
  return text.slice(0, end);
}

/** `str.strip(chars)`; without `chars`, Python whitespace. */
export function pyStrip(text: string, chars?: string): string {
  return pyRStrip(pyLStrip(text, chars), chars);
}

/** `str.split()` with no separator: runs of whitespace, no empty pieces. */
export function pySplitWhitespace(text: string): string[] {
  return pyStrip(text)
    .split(PY_SPACE_RUN)
    .filter((piece) => piece.length > 0);
}

/** `str.isupper()`: at least one cased character and no lowercase (or titlecase) one. */
export function pyIsUpper(text: string): boolean {
  return text.toLowerCase() !== text && text.toUpperCase() === text;
}

/** `str.islower()`: at least one cased character and no uppercase (or titlecase) one. */
export function pyIsLower(text: string): boolean {
  return text.toUpperCase() !== text && text.toLowerCase() === text;
}
