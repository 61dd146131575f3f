/**
 * Output comparison as LiveCodeBench's grader does it. Stdin/stdout: strip the whole output,
 * split into lines, strip each line; the line counts must match; a line passes when it is equal,
 * or when both lines are whitespace-separated numbers with equal decimal values (`1.0` = `1`,
 * exact, no epsilon unless `floatTolerance` is set). Call-based: the result equals the expected
 * JSON value under Python's `==` (1 == 1.0 == True, lists element-wise, dicts by key).
 */

export type Comparison = { passed: true } | { passed: false; reason: string };

export interface StdioCompareOptions {
  /** 0 (default, LiveCodeBench): exact decimal equality. Otherwise |a−b| ≤ tol·max(1, |b|) also passes. */
  floatTolerance?: number;
}

export function outputLines(text: string): string[] {
  return text
    .trim()
    .split('\n')
    .map((line) => line.trim());
}

export function compareStdout(
  actual: string,
  expected: string,
  options: StdioCompareOptions = {},
): Comparison {
  const got = outputLines(actual);
  const want = outputLines(expected);
  if (got.length !== want.length) {
    return {
      passed: false,
      reason: `mismatched output length: ${got.length} lines, expected ${want.length}`,
    };
  }
  for (let index = 0; index < want.length; index++) {
    if (got[index] === want[index]) continue;
    if (numericLinesEqual(got[index], want[index], options.floatTolerance ?? 0)) continue;
    return { passed: false, reason: `wrong answer at line ${index + 1}` };
  }
  return { passed: true };
}

function numericLinesEqual(got: string, want: string, tolerance: number): boolean {
  const gotTokens = got.split(/\s+/).filter(Boolean);
  const wantTokens = want.split(/\s+/).filter(Boolean);
  if (gotTokens.length !== wantTokens.length) return false;
  for (let index = 0; index < wantTokens.length; index++) {
    const a = parseDecimal(gotTokens[index]);
    const b = parseDecimal(wantTokens[index]);
    if (!a || !b) return false;
    if (decimalsEqual(a, b)) continue;
    if (tolerance > 0 && withinTolerance(gotTokens[index], wantTokens[index], tolerance)) continue;
    return false;
  }
  return true;
}

/** A decimal number as sign, significant digits (no leading/trailing zeros) and exponent; or ±Infinity. */
export interface ParsedDecimal {
  negative: boolean;
  digits: string;
  exponent: number;
  infinite: boolean;
}

const DECIMAL = /^([+-]?)(?:(\d[\d_]*)?(?:\.(\d[\d_]*)?)?)(?:[eE]([+-]?\d+))?$/;

/** Parses what Python's Decimal() accepts for finite numbers and infinities; null for anything else (NaN included). */
export function parseDecimal(token: string): ParsedDecimal | null {
  if (/^[+-]?(inf|infinity)$/i.test(token)) {
    return { negative: token.startsWith('-'), digits: '', exponent: 0, infinite: true };
  }
  const match = DECIMAL.exec(token);
  if (!match) return null;
  const [, sign, whole = '', fraction = '', exponent = '0'] = match;
  if (whole === '' && fraction === '') return null;
  if (/(^_|_$|__)/.test(whole) || /(^_|_$|__)/.test(fraction)) return null;
  const allDigits = (whole + fraction).replaceAll('_', '');
  const trimmedLeading = allDigits.replace(/^0+/, '');
  if (trimmedLeading === '') return { negative: false, digits: '0', exponent: 0, infinite: false };
  const significant = trimmedLeading.replace(/0+$/, '');
  const trailingZeros = trimmedLeading.length - significant.length;
  const fractionLength = fraction.replaceAll('_', '').length;
  return {
    negative: sign === '-',
    digits: significant,
    exponent: Number(exponent) - fractionLength + trailingZeros,
    infinite: false,
  };
}

export function decimalsEqual(a: ParsedDecimal, b: ParsedDecimal): boolean {
  return (
    a.infinite === b.infinite &&
    a.negative === b.negative &&
    a.digits === b.digits &&
    a.exponent === b.exponent
  );
}

function withinTolerance(got: string, want: string, tolerance: number): boolean {
  const a = Number(got.replaceAll('_', ''));
  const b = Number(want.replaceAll('_', ''));
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(b));
}

/** Python `==` on JSON values: numbers and booleans compare by value, containers element-wise. */
export function pythonEquals(a: unknown, b: unknown): boolean {
  const numeric = (value: unknown) => (typeof value === 'boolean' ? Number(value) : value);
  const x = numeric(a);
  const y = numeric(b);
  if (typeof x === 'number' && typeof y === 'number') return x === y;
  if (x === null || y === null || typeof x !== 'object' || typeof y !== 'object') return x === y;
  if (Array.isArray(x) || Array.isArray(y)) {
    return (
      Array.isArray(x) &&
      Array.isArray(y) &&
      x.length === y.length &&
      x.every((item, index) => pythonEquals(item, y[index]))
    );
  }
  const xKeys = Object.keys(x);
  const yRecord = y as Record<string, unknown>;
  return (
    xKeys.length === Object.keys(yRecord).length &&
    xKeys.every(
      (key) => Object.hasOwn(yRecord, key) && pythonEquals((x as Record<string, unknown>)[key], yRecord[key]),
    )
  );
}

export function compareCallResult(actual: unknown, expected: unknown): Comparison {
  return pythonEquals(actual, expected)
    ? { passed: true }
    : { passed: false, reason: 'wrong answer: result differs' };
}
