/**
 * Symbolic equality of two leaf answers with Compute Engine, the layers ecosystem.md §5.1 found to
 * work: constants are evaluated and compared with a relative tolerance (Compute Engine's own
 * `isEqual` calls 1/2004! and 1/2006! equal); expressions with variables are sampled at fixed points
 * first (cheap, and decisive for almost every pair), then `isEqual` → per-side `simplify` + `isSame`
 * where sampling cannot evaluate them. Any side with a decimal literal
 * follows the 6-decimal rounding rule. This can be slow: it only ever runs inside a worker.
 */
import type { ComputeEngine, Expression } from '@cortex-js/compute-engine';
import { samplePoint, samplingTrials } from './evaluate.ts';
import { decimalsEqual, hasDecimalLiteral } from './numeric.ts';
import { fastScalarEqual, type ScalarEquality } from './scalar-fast.ts';

// exact answers agree to about 15 digits when Compute Engine evaluates both in double precision
const constantTolerance = 1e-10;
// at substitution points values are of order 1, so differences below this are rounding noise
const substitutionFloor = 1e-12;
// a leaf with more free variables than this is not an answer we can check by sampling
const maxVariables = 6;

/** A real or complex value as two doubles, or null when Compute Engine could not evaluate it. */
function numericValue(value: Expression): { re: number; im: number } | null {
  const re = value.re;
  const im = value.im;
  if (Number.isNaN(re) || Number.isNaN(im)) return null;
  return { re, im: im === undefined ? 0 : im };
}

/** Relative closeness; `absoluteFloor` absorbs rounding noise around 0 at substitution points. */
function closeValues(gold: number, pred: number, absoluteFloor: number): boolean {
  if (gold === pred) return true;
  if (!Number.isFinite(gold) || !Number.isFinite(pred)) return false;
  const scale = Math.max(Math.abs(gold), Math.abs(pred));
  return Math.abs(gold - pred) <= Math.max(constantTolerance * scale, absoluteFloor);
}

function valuesEqual(
  gold: { re: number; im: number },
  pred: { re: number; im: number },
  decimal: boolean,
  absoluteFloor: number,
): boolean {
  if (decimal) return decimalsEqual(gold.re, pred.re) && decimalsEqual(gold.im, pred.im);
  return closeValues(gold.re, pred.re, absoluteFloor) && closeValues(gold.im, pred.im, absoluteFloor);
}

// doubles hold these magnitudes without underflow or overflow
const representable = (value: number) => value === 0 || (Math.abs(value) > 1e-250 && Math.abs(value) < 1e250);

/** Two constants: exact when both are rationals, else equal when their relative difference is tiny. */
function constantsEqual(ce: ComputeEngine, gold: Expression, pred: Expression, decimal: boolean): boolean {
  if (!decimal) {
    // exact rationals (2^100, 1/2004!, \binom{60}{30}) are canonical once evaluated: sameness is equality
    const goldExact = gold.evaluate();
    const predExact = pred.evaluate();
    if (goldExact.isRational === true && predExact.isRational === true) return goldExact.isSame(predExact);
  }
  const goldEvaluated = gold.N();
  const predEvaluated = pred.N();
  const goldValue = numericValue(goldEvaluated);
  const predValue = numericValue(predEvaluated);
  if (!goldValue || !predValue) return false;
  const goldZero = goldEvaluated.isSame(0);
  const predZero = predEvaluated.isSame(0);
  if (goldZero || predZero) return goldZero && predZero;
  const doubles = [goldValue.re, goldValue.im, predValue.re, predValue.im];
  if (doubles.every(representable) && (goldValue.re !== 0 || goldValue.im !== 0)) {
    return valuesEqual(goldValue, predValue, decimal, 0);
  }
  // tiny or huge magnitudes (1/2004!): let Compute Engine's big numbers compute |1 − pred/gold|
  const ratio = numericValue(ce.box(['Abs', ['Subtract', 1, ['Divide', pred, gold]]]).N());
  return ratio !== null && ratio.re <= constantTolerance;
}

/**
 * Evaluates both sides at fixed points: false at the first point where they differ, true when at
 * least 2 points agree, undefined when too few points evaluate (functions, domain errors).
 */
function agreeAtPoints(
  gold: Expression,
  pred: Expression,
  variables: string[],
  decimal: boolean,
): boolean | undefined {
  let agreeing = 0;
  for (let trial = 0; trial < samplingTrials; trial++) {
    const assignment = samplePoint(trial, variables);
    const goldValue = numericValue(gold.subs(assignment).N());
    const predValue = numericValue(pred.subs(assignment).N());
    if (!goldValue || !predValue || !Number.isFinite(goldValue.re) || !Number.isFinite(predValue.re))
      continue;
    if (!valuesEqual(goldValue, predValue, decimal, substitutionFloor)) return false;
    agreeing++;
  }
  return agreeing >= 2 ? true : undefined;
}

/** Compares two parsed leaves; exported for tests. */
export function expressionsEqual(
  ce: ComputeEngine,
  gold: Expression,
  pred: Expression,
  decimal: boolean,
): boolean {
  if (!gold.isValid || !pred.isValid) return false;
  if (gold.isSame(pred)) return true;
  const variables = [...new Set([...gold.unknowns, ...pred.unknowns])];
  if (variables.length === 0) return constantsEqual(ce, gold, pred, decimal);
  if (variables.length > maxVariables) return false;
  // sampling first: it is cheap and settles almost every pair; simplify is the slow fallback
  const sampled = agreeAtPoints(gold, pred, variables, decimal);
  if (sampled !== undefined) return sampled;
  if (!decimal && gold.isEqual(pred) === true) return true;
  return gold.simplify().isSame(pred.simplify());
}

/** A full scalar equality: the fast checks first, then Compute Engine. */
export function createSymbolicEquality(ce: ComputeEngine): ScalarEquality {
  return (gold, pred) => {
    const fast = fastScalarEqual(gold, pred);
    if (fast !== undefined) return fast;
    const decimal = hasDecimalLiteral(gold) || hasDecimalLiteral(pred);
    return expressionsEqual(ce, ce.parse(gold), ce.parse(pred), decimal);
  };
}
