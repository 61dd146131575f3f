import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseStructure, splitTopLevel } from './structure.ts';

const expr = (latex: string) => ({ kind: 'expr', latex });

describe('parseStructure', () => {
  it('reads a plain expression', () => {
    assert.deepEqual(parseStructure('\\frac{1}{2}'), expr('\\frac{1}{2}'));
  });
  it('reads \\{…\\} as a set', () => {
    assert.deepEqual(parseStructure('\\{1,2\\}'), { kind: 'set', items: [expr('1'), expr('2')] });
  });
  it('reads a bare comma list as a set (Math-Verify)', () => {
    assert.deepEqual(parseStructure('3,4'), { kind: 'set', items: [expr('3'), expr('4')] });
  });
  it('reads (a,b) as a tuple and [a,b), (a,b], [a,b] as intervals', () => {
    assert.deepEqual(parseStructure('(1,2)'), { kind: 'tuple', items: [expr('1'), expr('2')] });
    assert.deepEqual(parseStructure('[0,1)'), {
      kind: 'interval',
      lowClosed: true,
      low: '0',
      high: '1',
      highClosed: false,
    });
    assert.deepEqual(parseStructure('[1,2]'), {
      kind: 'interval',
      lowClosed: true,
      low: '1',
      high: '2',
      highClosed: true,
    });
  });
  it('reads (a,b,c) as a tuple', () => {
    assert.equal(parseStructure('(1,2,3)').kind, 'tuple');
  });
  it('does not read (a)(b) as one group', () => {
    assert.deepEqual(parseStructure('(x+1)(x-1)'), expr('(x+1)(x-1)'));
  });
  it('drops redundant outer parentheses', () => {
    assert.deepEqual(parseStructure('(9+1)'), expr('9+1'));
  });
  it('reads \\cup as a union of intervals', () => {
    const node = parseStructure('(-\\infty,-3]\\cup[2,\\infty)');
    assert.equal(node.kind, 'union');
    assert.equal(node.kind === 'union' && node.items.length, 2);
  });
  it('expands \\pm into a set of two', () => {
    assert.deepEqual(parseStructure('1\\pm\\sqrt{5}'), {
      kind: 'set',
      items: [expr('1+\\sqrt{5}'), expr('1-\\sqrt{5}')],
    });
  });
  it('expands \\pm inside a set', () => {
    const node = parseStructure('\\{1\\pm\\sqrt{5},-2\\}');
    assert.deepEqual(node, { kind: 'set', items: [expr('1+\\sqrt{5}'), expr('1-\\sqrt{5}'), expr('-2')] });
  });
  it('reads a matrix by rows and cells', () => {
    assert.deepEqual(parseStructure('\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}'), {
      kind: 'matrix',
      rows: [
        [expr('1'), expr('2')],
        [expr('3'), expr('4')],
      ],
    });
  });
  it('reads relations and chains', () => {
    assert.deepEqual(parseStructure('x=3'), { kind: 'relation', operators: ['='], sides: ['x', '3'] });
    assert.deepEqual(parseStructure('1<x\\leq 3'), {
      kind: 'relation',
      operators: ['<', '<='],
      sides: ['1', 'x', '3'],
    });
  });
  it('reads x \\in S as S', () => {
    assert.equal(parseStructure('x\\in(0,1]').kind, 'interval');
  });
  it('does not split inside braces', () => {
    assert.deepEqual(parseStructure('f(1,2)+1'), expr('f(1,2)+1'));
  });
});

describe('splitTopLevel', () => {
  it('splits only at depth 0', () => {
    assert.deepEqual(splitTopLevel('a,(b,c),\\{d,e\\}', [',']), ['a', '(b,c)', '\\{d,e\\}']);
  });
  it('does not split a command that merely starts with the separator', () => {
    assert.deepEqual(splitTopLevel('\\cupcake\\cup x', ['\\cup']), ['\\cupcake', 'x']);
  });
});
