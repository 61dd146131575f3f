/**
 * Compares a gold answer with a predicted one, structure by structure, with Math-Verify's
 * semantics: sets ignore order, tuples do not, intervals compare ends and brackets, matrices
 * compare shape and cells, relations compare up to flipping (`x < 2` = `2 > x`).
 * The order (gold, prediction) matters where Math-Verify's does:
 * - a predicted `x = 3` (or chain `a = b = 3`) answers a gold `3` through its last side; a gold
 *   `x = 3` accepts `3` only when its left side is a single variable;
 * - a gold inequality accepts an equivalent predicted interval, not the other way round.
 * Leaves are compared by an injected `ScalarEquality`; an undecided leaf makes the whole result
 * undecided unless a match was found without it.
 */
import type { ScalarEquality } from './scalar-fast.ts';
import { type AnswerNode, parseStructure, type RelationOperator } from './structure.ts';

type Equal = (gold: string, pred: string) => boolean;

const singleVariable = /^(?:[a-zA-Z]|\\[a-zA-Z]+)(?:_\{?[a-zA-Z0-9]+\}?)?'?$/;

/** Compares two answer structures; undefined when a needed leaf comparison was undecided. */
export function compareAnswers(
  gold: AnswerNode,
  pred: AnswerNode,
  scalar: ScalarEquality,
): boolean | undefined {
  let undecided = false;
  const equal: Equal = (goldLeaf, predLeaf) => {
    const result = scalar(goldLeaf, predLeaf);
    if (result === undefined) undecided = true;
    return result === true;
  };
  if (nodesEqual(gold, pred, equal)) return true;
  return undecided ? undefined : false;
}

function nodesEqual(gold: AnswerNode, pred: AnswerNode, equal: Equal): boolean {
  if (pred.kind === 'relation' && gold.kind !== 'relation') {
    if (!pred.operators.every((operator) => operator === '=')) return false;
    return nodesEqual(gold, parseStructure(pred.sides[pred.sides.length - 1]), equal);
  }
  if (gold.kind === 'relation' && pred.kind !== 'relation') {
    if (gold.operators.length === 1 && gold.operators[0] === '=' && singleVariable.test(gold.sides[0])) {
      return nodesEqual(parseStructure(gold.sides[1]), pred, equal);
    }
    const asIntervals = relationAsInterval(gold);
    return asIntervals !== null && nodesEqual(asIntervals, pred, equal);
  }
  switch (gold.kind) {
    case 'expr':
      if (pred.kind === 'expr') return equal(gold.latex, pred.latex);
      return pred.kind === 'set' && pred.items.length === 1 && nodesEqual(gold, pred.items[0], equal);
    case 'set':
      if (pred.kind === 'set') return setsEqual(gold.items, pred.items, equal);
      return gold.items.length === 1 && nodesEqual(gold.items[0], pred, equal);
    case 'tuple':
      if (pred.kind === 'tuple') return sequencesEqual(gold.items, pred.items, equal);
      return pred.kind === 'interval' && openIntervalEqualsPair(pred, gold, equal);
    case 'interval':
      if (pred.kind === 'interval') return intervalsEqual(gold, pred, equal);
      if (pred.kind === 'tuple') return openIntervalEqualsPair(gold, pred, equal);
      return pred.kind === 'union' && pred.items.length === 1 && nodesEqual(gold, pred.items[0], equal);
    case 'union':
      if (pred.kind === 'union') return setsEqual(gold.items, pred.items, equal);
      return gold.items.length === 1 && nodesEqual(gold.items[0], pred, equal);
    case 'matrix':
      return pred.kind === 'matrix' && matricesEqual(gold.rows, pred.rows, equal);
    case 'relation':
      return pred.kind === 'relation' && relationsEqual(gold, pred, equal);
  }
}

/** Order-insensitive: every gold item has an equal predicted item and vice versa. */
function setsEqual(gold: AnswerNode[], pred: AnswerNode[], equal: Equal): boolean {
  if (gold.length === 0 || pred.length === 0) return gold.length === pred.length;
  const covered = (from: AnswerNode[], to: AnswerNode[], goldFirst: boolean) =>
    from.every((item) =>
      to.some((other) => (goldFirst ? nodesEqual(item, other, equal) : nodesEqual(other, item, equal))),
    );
  return covered(gold, pred, true) && covered(pred, gold, false);
}

function sequencesEqual(gold: AnswerNode[], pred: AnswerNode[], equal: Equal): boolean {
  return gold.length === pred.length && gold.every((item, index) => nodesEqual(item, pred[index], equal));
}

type IntervalNode = Extract<AnswerNode, { kind: 'interval' }>;

function intervalsEqual(gold: IntervalNode, pred: IntervalNode, equal: Equal): boolean {
  return (
    gold.lowClosed === pred.lowClosed &&
    gold.highClosed === pred.highClosed &&
    equal(gold.low, pred.low) &&
    equal(gold.high, pred.high)
  );
}

/** `(a, b)` is written the same as an open interval, so a pair equals the open interval on it. */
function openIntervalEqualsPair(
  interval: IntervalNode,
  pair: Extract<AnswerNode, { kind: 'tuple' }>,
  equal: Equal,
): boolean {
  if (interval.lowClosed || interval.highClosed || pair.items.length !== 2) return false;
  const [low, high] = pair.items;
  return (
    low.kind === 'expr' &&
    high.kind === 'expr' &&
    equal(interval.low, low.latex) &&
    equal(interval.high, high.latex)
  );
}

function matricesEqual(gold: AnswerNode[][], pred: AnswerNode[][], equal: Equal): boolean {
  return gold.length === pred.length && gold.every((row, index) => sequencesEqual(row, pred[index], equal));
}

type RelationNode = Extract<AnswerNode, { kind: 'relation' }>;

const flipped: Record<RelationOperator, RelationOperator> = {
  '=': '=',
  '!=': '!=',
  '<': '>',
  '<=': '>=',
  '>': '<',
  '>=': '<=',
};

/** Writes `a > b` as `b < a` so that both directions compare the same. */
function canonicalRelation(relation: RelationNode): RelationNode {
  if (!relation.operators.some((operator) => operator === '>' || operator === '>=')) return relation;
  return {
    kind: 'relation',
    operators: relation.operators.map((operator) => flipped[operator]).reverse(),
    sides: [...relation.sides].reverse(),
  };
}

function relationsEqual(goldRelation: RelationNode, predRelation: RelationNode, equal: Equal): boolean {
  const gold = canonicalRelation(goldRelation);
  const pred = canonicalRelation(predRelation);
  if (gold.operators.join() !== pred.operators.join()) return false;
  if (gold.sides.every((side, index) => equal(side, pred.sides[index]))) return true;
  if (gold.operators.length !== 1) return false;
  const [goldLeft, goldRight] = gold.sides;
  const [predLeft, predRight] = pred.sides;
  // an equation or `≠` also matches with its sides swapped or moved across: compare left − right up to sign
  if (gold.operators[0] !== '=' && gold.operators[0] !== '!=') return false;
  if (equal(goldLeft, predRight) && equal(goldRight, predLeft)) return true;
  const goldDifference = `(${goldLeft})-(${goldRight})`;
  return (
    equal(goldDifference, `(${predLeft})-(${predRight})`) ||
    equal(goldDifference, `(${predRight})-(${predLeft})`)
  );
}

/** A one-variable inequality as the interval it describes (`x < 2` → `(-∞, 2)`), or null. */
function relationAsInterval(relation: RelationNode): AnswerNode | null {
  const { operators, sides } = canonicalRelation(relation);
  if (operators.some((operator) => operator !== '<' && operator !== '<=')) return null;
  const closed = (operator: RelationOperator) => operator === '<=';
  if (sides.length === 2 && singleVariable.test(sides[0])) {
    return {
      kind: 'interval',
      lowClosed: false,
      low: '-\\infty',
      high: sides[1],
      highClosed: closed(operators[0]),
    };
  }
  if (sides.length === 2 && singleVariable.test(sides[1])) {
    return {
      kind: 'interval',
      lowClosed: closed(operators[0]),
      low: sides[0],
      high: '\\infty',
      highClosed: false,
    };
  }
  if (sides.length === 3 && singleVariable.test(sides[1])) {
    return {
      kind: 'interval',
      lowClosed: closed(operators[0]),
      low: sides[0],
      high: sides[2],
      highClosed: closed(operators[1]),
    };
  }
  return null;
}
