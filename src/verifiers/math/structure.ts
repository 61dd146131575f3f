/**
 * Reads the shape of a normalised answer: a set (`\{…\}`, a bare comma list, `\pm`), a tuple, an
 * interval, a union of intervals, a matrix, a relation (`x = 3`, `a < x \leq b`) or one expression.
 * Leaves stay LaTeX strings; deciding whether two leaves are equal is compare.ts's job.
 */

export type RelationOperator = '=' | '<' | '<=' | '>' | '>=' | '!=';

export type AnswerNode =
  | { kind: 'expr'; latex: string }
  | { kind: 'set'; items: AnswerNode[] }
  | { kind: 'tuple'; items: AnswerNode[] }
  | { kind: 'interval'; lowClosed: boolean; low: string; high: string; highClosed: boolean }
  | { kind: 'union'; items: AnswerNode[] }
  | { kind: 'matrix'; rows: AnswerNode[][] }
  | { kind: 'relation'; operators: RelationOperator[]; sides: string[] };

// deeper structure than this is not a real answer; the caller rejects it before we recurse
const maxStructureDepth = 12;
// `a \pm b \pm c` expands to 2^n items; two signs are as many as an answer plausibly has
const maxPlusMinus = 2;

const relationTokens: [string, RelationOperator | 'in'][] = [
  ['\\leq', '<='],
  ['\\geq', '>='],
  ['\\neq', '!='],
  ['\\approx', '='],
  ['\\lt', '<'],
  ['\\gt', '>'],
  ['\\in', 'in'],
  ['<=', '<='],
  ['>=', '>='],
  ['=', '='],
  ['<', '<'],
  ['>', '>'],
];

interface Scan {
  /** Called at every index with the bracket depth before the character there; return a skip length. */
  visit(index: number, depth: number): number;
}

/** Walks `text` tracking bracket depth over `{ ( [ \{ \langle \begin` and their closers. */
function scanDepth(text: string, scan: Scan): void {
  let depth = 0;
  let index = 0;
  while (index < text.length) {
    const skip = scan.visit(index, depth);
    if (skip > 0) {
      index += skip;
      continue;
    }
    if (text[index] === '\\') {
      const head = text.slice(index, index + 24);
      const opener = /^\\(?:\{|langle(?![a-zA-Z])|begin\{[a-zA-Z*]+\})/.exec(head);
      const closer = opener ? null : /^\\(?:\}|rangle(?![a-zA-Z])|end\{[a-zA-Z*]+\})/.exec(head);
      if (opener) depth++;
      if (closer) depth = Math.max(0, depth - 1);
      // any other command: skip the backslash and the next character (`\\`, `\,`, `\frac`'s `f`)
      index += (opener ?? closer)?.[0].length ?? Math.min(2, text.length - index);
      continue;
    }
    const char = text[index];
    if (char === '{' || char === '(' || char === '[') depth++;
    else if (char === '}' || char === ')' || char === ']') depth = Math.max(0, depth - 1);
    index++;
  }
}

/** Splits at top-level (depth 0) occurrences of any separator. */
export function splitTopLevel(text: string, separators: readonly string[]): string[] {
  const parts: string[] = [];
  let start = 0;
  scanDepth(text, {
    visit(index, depth) {
      if (depth !== 0) return 0;
      for (const separator of separators) {
        if (!text.startsWith(separator, index)) continue;
        if (/^\\[a-zA-Z]+$/.test(separator) && /[a-zA-Z]/.test(text[index + separator.length] ?? ''))
          continue;
        parts.push(text.slice(start, index));
        start = index + separator.length;
        return separator.length;
      }
      return 0;
    },
  });
  parts.push(text.slice(start));
  return parts.map((part) => part.trim());
}

/** Splits at top-level relation operators, keeping the operators. */
function splitRelations(text: string): { sides: string[]; operators: (RelationOperator | 'in')[] } {
  const sides: string[] = [];
  const operators: (RelationOperator | 'in')[] = [];
  let start = 0;
  scanDepth(text, {
    visit(index, depth) {
      if (depth !== 0) return 0;
      for (const [token, operator] of relationTokens) {
        if (!text.startsWith(token, index)) continue;
        if (token.startsWith('\\') && /[a-zA-Z]/.test(text[index + token.length] ?? '')) continue;
        sides.push(text.slice(start, index).trim());
        operators.push(operator);
        start = index + token.length;
        return token.length;
      }
      return 0;
    },
  });
  sides.push(text.slice(start).trim());
  return { sides, operators };
}

/** Whether `open` at index 0 closes exactly at the end: `(a)(b)` is a product, not one group. */
function isWrapped(text: string, open: string, close: string): boolean {
  if (!text.startsWith(open) || !text.endsWith(close) || text.length < open.length + close.length)
    return false;
  const closerAt = text.length - close.length;
  let staysInside = true;
  scanDepth(text, {
    visit(index, depth) {
      if (index >= open.length && index <= closerAt && depth < 1) staysInside = false;
      return 0;
    },
  });
  return staysInside;
}

/** The first top-level occurrence of one of `tokens`. */
function firstTopLevel(text: string, tokens: readonly string[]): { index: number; token: string } | null {
  let found: { index: number; token: string } | null = null;
  scanDepth(text, {
    visit(index, depth) {
      if (found || depth !== 0) return 0;
      for (const token of tokens) {
        if (text.startsWith(token, index) && !/[a-zA-Z]/.test(text[index + token.length] ?? '')) {
          found = { index, token };
          return token.length;
        }
      }
      return 0;
    },
  });
  return found;
}

function parseList(inner: string, depth: number): AnswerNode[] {
  if (inner.trim() === '') return [];
  return splitTopLevel(inner, [',', ';']).flatMap((item) => expandItem(item, depth + 1));
}

/** An item of a set: a `\pm` item counts as two items. */
function expandItem(text: string, depth: number): AnswerNode[] {
  const node = parseItem(text, depth);
  return node.kind === 'set' && hasTopLevelPlusMinus(text) ? node.items : [node];
}

function hasTopLevelPlusMinus(text: string): boolean {
  return firstTopLevel(text, ['\\pm', '\\mp']) !== null;
}

/** `a \pm b` → [`a+b`, `a-b`]; `\mp` gives the other order. */
function expandPlusMinus(text: string): string[] {
  let variants = [text];
  for (let count = 0; count < maxPlusMinus; count++) {
    variants = variants.flatMap((variant) => {
      const found = firstTopLevel(variant, ['\\pm', '\\mp']);
      if (!found) return [variant];
      const head = variant.slice(0, found.index);
      const tail = variant.slice(found.index + found.token.length);
      const signs = found.token === '\\pm' ? ['+', '-'] : ['-', '+'];
      return signs.map((sign) => `${head}${sign}${tail}`.replace(/^\+/, '').trim());
    });
  }
  return variants;
}

const matrixEnvironment = /^\\begin\{([pbBvV]?matrix|array)\}(?:\{[^}]*\})?([\s\S]*)\\end\{\1\}$/;

function parseMatrix(text: string, depth: number): AnswerNode | null {
  const match = matrixEnvironment.exec(text);
  if (!match) return null;
  const body = match[2].trim().replace(/\\\\\s*$/, '');
  const rows = splitTopLevel(body, ['\\\\']).map((row) =>
    splitTopLevel(row, ['&']).map((cell) => parseStructure(cell, depth + 1)),
  );
  return { kind: 'matrix', rows };
}

function parseItem(text: string, depth: number): AnswerNode {
  const trimmed = text.trim();
  if (depth > maxStructureDepth) return { kind: 'expr', latex: trimmed };
  if (isWrapped(trimmed, '\\{', '\\}')) return { kind: 'set', items: parseList(trimmed.slice(2, -2), depth) };
  if (isWrapped(trimmed, '\\langle', '\\rangle')) {
    return { kind: 'tuple', items: parseList(trimmed.slice('\\langle'.length, -'\\rangle'.length), depth) };
  }
  const matrix = parseMatrix(trimmed, depth);
  if (matrix) return matrix;
  const open = trimmed[0];
  const close = trimmed[trimmed.length - 1];
  if ((open === '(' || open === '[') && (close === ')' || close === ']') && isWrapped(trimmed, open, close)) {
    const inner = trimmed.slice(1, -1);
    const parts = splitTopLevel(inner, [',']);
    if (parts.length === 2 && !(open === '(' && close === ')')) {
      return {
        kind: 'interval',
        lowClosed: open === '[',
        low: parts[0],
        high: parts[1],
        highClosed: close === ']',
      };
    }
    if (parts.length >= 2)
      return { kind: 'tuple', items: parts.map((part) => parseStructure(part, depth + 1)) };
    if (open === '(' && close === ')') return parseItem(inner, depth + 1);
  }
  if (hasTopLevelPlusMinus(trimmed)) {
    return { kind: 'set', items: expandPlusMinus(trimmed).map((latex) => parseItem(latex, depth + 1)) };
  }
  return { kind: 'expr', latex: trimmed };
}

/** Parses a normalised answer into its structure. */
export function parseStructure(text: string, depth = 0): AnswerNode {
  const trimmed = text.trim();
  if (depth > maxStructureDepth) return { kind: 'expr', latex: trimmed };
  const unionParts = splitTopLevel(trimmed, ['\\cup']);
  if (unionParts.length > 1)
    return { kind: 'union', items: unionParts.map((part) => parseItem(part, depth + 1)) };
  const { sides, operators } = splitRelations(trimmed);
  if (operators.length > 0 && sides.every((side) => side !== '')) {
    const membership = operators.lastIndexOf('in');
    // `x \in (0, 1]` names the set the answer is
    if (membership >= 0) return parseStructure(sides.slice(membership + 1).join(''), depth + 1);
    return { kind: 'relation', operators: operators as RelationOperator[], sides };
  }
  const items = splitTopLevel(trimmed, [',', ';']);
  if (items.length > 1 && items.every((item) => item !== '')) {
    return { kind: 'set', items: items.flatMap((item) => expandItem(item, depth + 1)) };
  }
  return parseItem(trimmed, depth);
}
