/**
 * Exact reading of plain numbers (integers, decimals, `\frac{a}{b}`, `a/b`) as big-integer
 * fractions, and Math-Verify's numeric rule: exact values compare exactly; when either side is
 * written as a decimal both are rounded to 6 decimal places (so 1/3 = 0.333333 but √2 ≠ 1.414).
 */

export interface ExactNumber {
  numerator: bigint;
  denominator: bigint;
  /** Written with a decimal point (a float in Math-Verify's sense). */
  isDecimal: boolean;
}

/** Math-Verify's default `float_rounding`. */
export const floatRoundingDigits = 6;
// beyond 2^53 doubles lose integers, so large values also compare with a relative tolerance
const relativeTolerance = 1e-12;

const integerPattern = /^[-+]?\d+$/;
const decimalPattern = /^([-+]?)(\d*)\.(\d+)$|^([-+]?)(\d+)\.$/;
const slashFraction = /^([-+]?\d+)\/([-+]?\d+)$/;
const latexFraction = /^([-+]?)\\frac\{([-+]?\d+)\}\{([-+]?\d+)\}$/;

function fromDecimal(sign: string, whole: string, fraction: string): ExactNumber {
  const digits = BigInt(`${whole || '0'}${fraction}`);
  const denominator = 10n ** BigInt(fraction.length);
  return { numerator: sign === '-' ? -digits : digits, denominator, isDecimal: true };
}

/** The exact value of a plain number written in LaTeX, or null when it is anything else. */
export function parseExactNumber(latex: string): ExactNumber | null {
  const text = latex.replace(/\s+/g, '');
  if (text.length > 400) return null;
  if (integerPattern.test(text)) return { numerator: BigInt(text), denominator: 1n, isDecimal: false };
  const decimal = decimalPattern.exec(text);
  if (decimal) {
    return decimal[3] !== undefined
      ? fromDecimal(decimal[1], decimal[2], decimal[3])
      : fromDecimal(decimal[4], decimal[5], '');
  }
  const slash = slashFraction.exec(text);
  const fraction = latexFraction.exec(text);
  let numerator: bigint;
  let denominator: bigint;
  if (slash) {
    numerator = BigInt(slash[1]);
    denominator = BigInt(slash[2]);
  } else if (fraction) {
    numerator = BigInt(fraction[2]) * (fraction[1] === '-' ? -1n : 1n);
    denominator = BigInt(fraction[3]);
  } else return null;
  if (denominator === 0n) return null;
  if (denominator < 0n) {
    numerator = -numerator;
    denominator = -denominator;
  }
  return { numerator, denominator, isDecimal: false };
}

/** `x` rounded half away from zero to `digits` decimals, as a scaled big integer. */
function roundScaled(value: ExactNumber, digits: number): bigint {
  const scaled = value.numerator * 10n ** BigInt(digits);
  const quotient = scaled / value.denominator;
  const remainder = scaled % value.denominator;
  const twiceRemainder = (remainder < 0n ? -remainder : remainder) * 2n;
  if (twiceRemainder < value.denominator) return quotient;
  return scaled < 0n ? quotient - 1n : quotient + 1n;
}

/** Whether two exact numbers are equal under the numeric rule described at the top of this file. */
export function exactNumbersEqual(gold: ExactNumber, pred: ExactNumber): boolean {
  if (gold.numerator * pred.denominator === pred.numerator * gold.denominator) return true;
  if (!gold.isDecimal && !pred.isDecimal) return false;
  if (roundScaled(gold, floatRoundingDigits) === roundScaled(pred, floatRoundingDigits)) return true;
  return numbersClose(toNumber(gold), toNumber(pred));
}

function toNumber(value: ExactNumber): number {
  return Number(value.numerator) / Number(value.denominator);
}

/** Relative closeness for large magnitudes, where 6 decimal places say nothing. */
export function numbersClose(gold: number, pred: number): boolean {
  if (!Number.isFinite(gold) || !Number.isFinite(pred)) return false;
  return Math.abs(gold - pred) <= relativeTolerance * Math.max(Math.abs(gold), Math.abs(pred));
}

/** Math-Verify's rounding rule on plain doubles (used for values Compute Engine evaluated). */
export function decimalsEqual(gold: number, pred: number): boolean {
  if (!Number.isFinite(gold) || !Number.isFinite(pred)) return gold === pred;
  const scale = 10 ** floatRoundingDigits;
  if (Math.round(gold * scale) === Math.round(pred * scale)) return true;
  return numbersClose(gold, pred);
}

/** Whether LaTeX contains a number written with a decimal point (`0.5`, `.4`, `3.`). */
export function hasDecimalLiteral(latex: string): boolean {
  return /\d\.\d|(?<![\d.])\.\d|\d\.(?!\d)/.test(latex);
}
