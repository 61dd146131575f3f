/**
 * The cheap part of a math check, safe on the main thread: extract, normalise, apply size limits,
 * read the structure, and decide whatever needs no Compute Engine (identical text, plain numbers,
 * sets/tuples/intervals of those). What is left is a pair of structures for the worker.
 */
import { failed, scored, type Verdict } from '../../core/verdict.ts';
import { compareAnswers } from './compare.ts';
import { type ExtractionMethod, extractAnswer, goldAnswerText } from './extract.ts';
import { nestingDepth } from './latex-args.ts';
import { normalizeAnswer } from './normalize.ts';
import { fastScalarEqual } from './scalar-fast.ts';
import { type AnswerNode, parseStructure } from './structure.ts';

export interface MathLimits {
  /**
   * Longest extracted answer (and gold) in characters. Real final answers are far shorter; longer
   * ones are scored incorrect at once rather than parsed (a 49 KB nested `\frac` takes Compute
   * Engine seconds just to parse).
   */
  maxAnswerChars: number;
  /** Deepest bracket nesting accepted; deeper answers are scored incorrect at once. */
  maxNestingDepth: number;
}

export const defaultMathLimits: MathLimits = { maxAnswerChars: 4096, maxNestingDepth: 32 };

export interface MathDetails extends Record<string, unknown> {
  extracted: string | null;
  method: ExtractionMethod | null;
  gold: string;
  /** Normalised forms actually compared. */
  normalized?: { gold: string; pred: string };
  /** `fast`: decided without Compute Engine; `symbolic`: decided in a worker. */
  path?: 'fast' | 'symbolic';
}

export type PreparedCheck =
  | { decided: true; verdict: Verdict }
  | { decided: false; gold: AnswerNode; pred: AnswerNode; details: MathDetails };

function tooComplex(text: string, limits: MathLimits): string | null {
  if (text.length > limits.maxAnswerChars)
    return `${text.length} characters > limit ${limits.maxAnswerChars}`;
  const depth = nestingDepth(text);
  if (depth > limits.maxNestingDepth) return `nesting depth ${depth} > limit ${limits.maxNestingDepth}`;
  return null;
}

export function correctVerdict(details: MathDetails): Verdict {
  return scored(1, true, `correct: ${details.extracted} matches ${details.gold}`, details);
}

export function incorrectVerdict(details: MathDetails): Verdict {
  return scored(0, false, `incorrect: ${details.extracted} does not match ${details.gold}`, details);
}

/** Runs every step that needs no Compute Engine; decides the check when it can. */
export function prepareMathCheck(goldRaw: string, response: string, limits: MathLimits): PreparedCheck {
  const goldText = goldAnswerText(goldRaw);
  const extraction = extractAnswer(response);
  const details: MathDetails = { extracted: extraction.answer, method: extraction.method, gold: goldText };
  const decide = (verdict: Verdict): PreparedCheck => ({ decided: true, verdict });

  const goldProblem = tooComplex(goldText, limits);
  if (goldText === '') return decide(failed('error', 'gold answer is empty', details));
  if (goldProblem) return decide(failed('error', `gold answer too complex: ${goldProblem}`, details));
  if (extraction.answer === null) {
    const why =
      extraction.failure === 'unfinished'
        ? 'response unfinished (<think> never closed)'
        : 'no final answer found';
    return decide(scored(0, false, `no answer: ${why}`, details));
  }
  const predProblem = tooComplex(extraction.answer, limits);
  if (predProblem) return decide(scored(0, false, `incorrect: answer too complex (${predProblem})`, details));

  const goldNormalized = normalizeAnswer(goldText);
  const predNormalized = normalizeAnswer(extraction.answer);
  details.normalized = { gold: goldNormalized, pred: predNormalized };
  details.path = 'fast';
  if (goldNormalized === '')
    return decide(failed('error', `gold answer ${goldText} is empty once normalised`, details));
  if (predNormalized === '') return decide(incorrectVerdict(details));
  if (goldNormalized === predNormalized) return decide(correctVerdict(details));

  const gold = parseStructure(goldNormalized);
  const pred = parseStructure(predNormalized);
  const fast = compareAnswers(gold, pred, fastScalarEqual);
  if (fast === true) return decide(correctVerdict(details));
  if (fast === false) return decide(incorrectVerdict(details));
  return { decided: false, gold, pred, details: { ...details, path: 'symbolic' } };
}
