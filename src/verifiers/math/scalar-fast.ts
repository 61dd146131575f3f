/**
 * Decides equality of two normalised leaf answers without Compute Engine when that is possible:
 * identical text, plain numbers, infinities, plain words, and formulas evaluate.ts can evaluate in
 * doubles (constants compared directly, free variables sampled at fixed points). Returns
 * undefined when only a symbolic check can tell (symbolic.ts), which then runs in a worker.
 */
import { evaluateAt, parseFormula, samplePoint, samplingTrials } from './evaluate.ts';
import { decimalsEqual, exactNumbersEqual, hasDecimalLiteral, parseExactNumber } from './numeric.ts';

/** Equality of two leaf answers: true, false, or undefined when undecided. */
export type ScalarEquality = (gold: string, pred: string) => boolean | undefined;

/** The comparison key of a leaf: spaces removed, except between two letters (`\pi r`). */
export function leafKey(latex: string): string {
  return latex.replace(/\s+/g, ' ').replace(/ (?![a-zA-Z])|(?<![a-zA-Z]) /g, '');
}

const infinityValues: Record<string, number> = {
  '\\infty': 1,
  '+\\infty': 1,
  '-\\infty': -1,
  '\\infin': 1,
  '-\\infin': -1,
};

// a word answer (a name, "no solution"); single letters are variables, not words
const plainWords = /^[a-zA-Z][a-zA-Z' -]*[a-zA-Z]$/;

export const fastScalarEqual: ScalarEquality = (gold, pred) => {
  const goldKey = leafKey(gold);
  const predKey = leafKey(pred);
  if (goldKey === predKey) return goldKey !== '';
  if (goldKey === '' || predKey === '') return false;
  const goldNumber = parseExactNumber(goldKey);
  const predNumber = parseExactNumber(predKey);
  if (goldNumber && predNumber) return exactNumbersEqual(goldNumber, predNumber);
  const goldInfinity = infinityValues[goldKey];
  const predInfinity = infinityValues[predKey];
  if (goldInfinity !== undefined && predInfinity !== undefined) return goldInfinity === predInfinity;
  if ((goldInfinity !== undefined && predNumber) || (predInfinity !== undefined && goldNumber)) return false;
  const goldWords = plainWords.test(goldKey) && !/^[a-zA-Z]{1,2}$/.test(goldKey);
  const predWords = plainWords.test(predKey) && !/^[a-zA-Z]{1,2}$/.test(predKey);
  if (goldWords && predWords) return goldKey.toLowerCase() === predKey.toLowerCase();
  if ((goldWords && predNumber) || (predWords && goldNumber)) return false;
  return formulasEqual(goldKey, predKey);
};

// doubles settle a comparison only when clearly equal (< 1e-12 relative) or clearly different
const clearlyEqual = 1e-12;
const clearlyDifferent = 1e-6;
// differences below this are rounding noise around 0 (sin(π) ≈ 1.2e-16), never a decision
const noiseFloor = 1e-9;
const maxSampledVariables = 6;

/** Compares two doubles: true, false, or undefined when doubles cannot tell (tiny, huge, close). */
function compareValues(gold: number, pred: number, decimal: boolean): boolean | undefined {
  if (!Number.isFinite(gold) || !Number.isFinite(pred)) return undefined;
  const outOfRange = (value: number) => value !== 0 && (Math.abs(value) < 1e-250 || Math.abs(value) > 1e250);
  if (outOfRange(gold) || outOfRange(pred)) return undefined;
  if (decimal) return decimalsEqual(gold, pred);
  const difference = Math.abs(gold - pred);
  const scale = Math.max(Math.abs(gold), Math.abs(pred));
  if (difference > clearlyDifferent * scale && difference > noiseFloor) return false;
  // beyond 2^53 doubles cannot tell 2^100 from 2^100 + 1: only exact arithmetic can
  if (scale > 2 ** 53) return undefined;
  if (difference <= clearlyEqual * scale) return true;
  return undefined;
}

/** Evaluates both leaves in doubles (sampling free variables); undefined when it cannot decide. */
function formulasEqual(gold: string, pred: string): boolean | undefined {
  const goldFormula = parseFormula(gold);
  const predFormula = parseFormula(pred);
  if (!goldFormula || !predFormula) return undefined;
  const decimal = hasDecimalLiteral(gold) || hasDecimalLiteral(pred);
  const variables = [...new Set([...goldFormula.variables, ...predFormula.variables])];
  if (variables.length > maxSampledVariables) return undefined;
  if (variables.length === 0)
    return compareValues(evaluateAt(goldFormula, {}), evaluateAt(predFormula, {}), decimal);
  let agreeing = 0;
  for (let trial = 0; trial < samplingTrials; trial++) {
    const point = samplePoint(trial, variables);
    const same = compareValues(evaluateAt(goldFormula, point), evaluateAt(predFormula, point), decimal);
    if (same === false) return false;
    if (same === true) agreeing++;
  }
  return agreeing >= 2 ? true : undefined;
}
