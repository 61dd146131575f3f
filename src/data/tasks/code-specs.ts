/**
 * The small functions the code suite asks for. Each family gives a spec sentence, the reference
 * in Python and JavaScript, a JavaScript model of the behaviour that computes the expected test
 * values, and argument draws. `K` families take a constant, so a prompt's numbers vary.
 */
import type { Rng } from '../../core/rng.ts';
import { between, pick, pickDistinct } from './generate.ts';
import type { Difficulty } from './types.ts';

export type CodeLanguage = 'python' | 'javascript';

export interface CodeSpec {
  params: string;
  /** Completes "Write a <language> function f(params) that …". */
  spec: string;
  /** A few words for the thinking reference. */
  note: string;
  /** The whole function, given its name. */
  source: Record<CodeLanguage, (name: string) => string>;
  behaviour: (...args: never[]) => unknown;
  /** Argument lists for the tests. */
  inputs: unknown[][];
}

export interface CodeFamily {
  level: Difficulty;
  names: readonly string[];
  make(rng: Rng, language: CodeLanguage): CodeSpec;
}

const WORDS = [
  'hello',
  'banana',
  'code',
  'tree',
  'stars',
  'rocket',
  'apple',
  'level',
  'noon',
  'moon',
  'river',
  'sea',
  'data',
  'radar',
];
const PHRASES = ['hi there', 'a b c', 'one', 'the cat sat', 'go home now', 'red sky', 'x  y'];

const ints = (rng: Rng, low: number, high: number, count = 3) =>
  Array.from({ length: count }, () => [between(rng, low, high)]);
const lists = (rng: Rng, count = 3) =>
  Array.from({ length: count }, () => [
    Array.from({ length: between(rng, 1, 5) }, () => between(rng, -9, 9)),
  ]);
const words = (rng: Rng, count = 3) => pickDistinct(rng, WORDS, count).map((word) => [word]);

/** A one-line body in both languages. */
function oneLine(python: string, javascript: string): CodeSpec['source'] {
  return {
    python: (name) => `def ${name}(${paramsOf(python)}):\n    return ${bodyOf(python)}`,
    javascript: (name) => `function ${name}(${paramsOf(javascript)}) {\n  return ${bodyOf(javascript)};\n}`,
  };
}
// bodies are written "params => expression" so one string says both
const paramsOf = (lambda: string) => lambda.split(' => ')[0];
const bodyOf = (lambda: string) => lambda.split(' => ').slice(1).join(' => ');

const trueWord = (language: CodeLanguage) => (language === 'python' ? 'True' : 'true');

export const CODE_FAMILIES: readonly CodeFamily[] = [
  {
    level: 'easy',
    names: ['add_k', 'plus', 'bump'],
    make: (rng) => {
      const k = between(rng, 1, 12);
      return {
        params: 'x',
        spec: `returns x plus ${k}`,
        note: `Add ${k} to x.`,
        source: oneLine(`x => x + ${k}`, `x => x + ${k}`),
        behaviour: (x: number) => x + k,
        inputs: ints(rng, -5, 20),
      };
    },
  },
  {
    level: 'easy',
    names: ['times', 'scale', 'mul_k'],
    make: (rng) => {
      const k = between(rng, 2, 9);
      return {
        params: 'x',
        spec: `returns x times ${k}`,
        note: `Multiply x by ${k}.`,
        source: oneLine(`x => x * ${k}`, `x => x * ${k}`),
        behaviour: (x: number) => x * k,
        inputs: ints(rng, -5, 20),
      };
    },
  },
  {
    level: 'easy',
    names: ['square', 'sq', 'squared'],
    make: (rng) => ({
      params: 'x',
      spec: 'returns x squared',
      note: 'Multiply x by itself.',
      source: oneLine('x => x * x', 'x => x * x'),
      behaviour: (x: number) => x * x,
      inputs: ints(rng, -9, 12),
    }),
  },
  {
    level: 'easy',
    names: ['is_even', 'even', 'check_even'],
    make: (rng, language) => ({
      params: 'x',
      spec: `returns ${trueWord(language)} if x is even`,
      note: 'x is even when x % 2 is 0.',
      source: oneLine('x => x % 2 == 0', 'x => x % 2 === 0'),
      behaviour: (x: number) => x % 2 === 0,
      inputs: [[between(rng, 0, 10) * 2], [between(rng, 0, 10) * 2 + 1], [between(rng, -9, 20)]],
    }),
  },
  {
    level: 'easy',
    names: ['length', 'size', 'str_len'],
    make: (rng) => ({
      params: 's',
      spec: 'returns the length of string s',
      note: 'Return the length of s.',
      source: oneLine('s => len(s)', 's => s.length'),
      behaviour: (s: string) => s.length,
      inputs: words(rng),
    }),
  },
  {
    level: 'easy',
    names: ['shout', 'upper', 'loud'],
    make: (rng) => ({
      params: 's',
      spec: 'returns s in upper case',
      note: 'Upper-case s.',
      source: oneLine('s => s.upper()', 's => s.toUpperCase()'),
      behaviour: (s: string) => s.toUpperCase(),
      inputs: words(rng),
    }),
  },
  {
    level: 'easy',
    names: ['first', 'head', 'first_item'],
    make: (rng) => ({
      params: 'xs',
      spec: 'returns the first item of list xs',
      note: 'Index 0 is the first item.',
      source: oneLine('xs => xs[0]', 'xs => xs[0]'),
      behaviour: (xs: number[]) => xs[0],
      inputs: lists(rng),
    }),
  },
  {
    level: 'easy',
    names: ['last', 'final', 'last_item'],
    make: (rng) => ({
      params: 'xs',
      spec: 'returns the last item of list xs',
      note: 'Take the item at the end.',
      source: oneLine('xs => xs[-1]', 'xs => xs[xs.length - 1]'),
      behaviour: (xs: number[]) => xs[xs.length - 1],
      inputs: lists(rng),
    }),
  },
  {
    level: 'medium',
    names: ['total', 'sum_all', 'add_all'],
    make: (rng) => ({
      params: 'xs',
      spec: 'returns the sum of list xs',
      note: 'Add up every item.',
      source: oneLine('xs => sum(xs)', 'xs => xs.reduce((a, b) => a + b, 0)'),
      behaviour: (xs: number[]) => xs.reduce((a, b) => a + b, 0),
      inputs: lists(rng),
    }),
  },
  {
    level: 'medium',
    names: ['biggest', 'max_of', 'top'],
    make: (rng) => ({
      params: 'xs',
      spec: 'returns the largest number in list xs',
      note: 'Take the maximum.',
      source: oneLine('xs => max(xs)', 'xs => Math.max(...xs)'),
      behaviour: (xs: number[]) => Math.max(...xs),
      inputs: lists(rng),
    }),
  },
  {
    level: 'medium',
    names: ['smallest', 'min_of', 'low'],
    make: (rng) => ({
      params: 'xs',
      spec: 'returns the smallest number in list xs',
      note: 'Take the minimum.',
      source: oneLine('xs => min(xs)', 'xs => Math.min(...xs)'),
      behaviour: (xs: number[]) => Math.min(...xs),
      inputs: lists(rng),
    }),
  },
  {
    level: 'medium',
    names: ['reverse', 'flip', 'backwards'],
    make: (rng) => ({
      params: 's',
      spec: 'returns string s reversed',
      note: 'Read s from the end.',
      source: oneLine('s => s[::-1]', "s => [...s].reverse().join('')"),
      behaviour: (s: string) => [...s].reverse().join(''),
      inputs: words(rng),
    }),
  },
  {
    level: 'medium',
    names: ['count_c', 'tally', 'num_c'],
    make: (rng) => {
      const letter = pick(rng, ['a', 'e', 'o', 'r', 's', 't']);
      return {
        params: 's',
        spec: `returns how many times '${letter}' is in s`,
        note: `Count '${letter}' in s.`,
        source: oneLine(`s => s.count('${letter}')`, `s => s.split('${letter}').length - 1`),
        behaviour: (s: string) => s.split(letter).length - 1,
        // one word that has the letter, so a constant answer cannot pass
        inputs: [
          [
            pick(
              rng,
              WORDS.filter((word) => word.includes(letter)),
            ),
          ],
          ...words(rng, 2),
        ],
      };
    },
  },
  {
    level: 'medium',
    names: ['bigger', 'max2', 'larger'],
    make: (rng) => ({
      params: 'a, b',
      spec: 'returns the larger of a and b',
      note: 'Compare a and b.',
      source: oneLine('a, b => max(a, b)', 'a, b => Math.max(a, b)'),
      behaviour: (a: number, b: number) => Math.max(a, b),
      inputs: Array.from({ length: 3 }, () => [between(rng, -9, 20), between(rng, -9, 20)]),
    }),
  },
  {
    level: 'medium',
    names: ['repeat', 'echo', 'copies'],
    make: (rng) => {
      const k = between(rng, 2, 4);
      return {
        params: 's',
        spec: `returns s repeated ${k} times`,
        note: `Join ${k} copies of s.`,
        source: oneLine(`s => s * ${k}`, `s => s.repeat(${k})`),
        behaviour: (s: string) => s.repeat(k),
        inputs: words(rng),
      };
    },
  },
  {
    level: 'medium',
    names: ['sum_to', 'up_to', 'tri'],
    make: (rng) => ({
      params: 'n',
      spec: 'returns 1 + 2 + ... + n',
      note: 'The sum is n * (n + 1) / 2.',
      source: oneLine('n => n * (n + 1) // 2', 'n => (n * (n + 1)) / 2'),
      behaviour: (n: number) => (n * (n + 1)) / 2,
      inputs: ints(rng, 1, 20),
    }),
  },
  {
    level: 'hard',
    names: ['vowels', 'count_v', 'num_vowels'],
    make: (rng) => ({
      params: 's',
      spec: 'returns the number of vowels (aeiou) in s',
      note: 'Count letters of s in aeiou.',
      source: oneLine(
        "s => sum(c in 'aeiou' for c in s)",
        "s => [...s].filter((c) => 'aeiou'.includes(c)).length",
      ),
      behaviour: (s: string) => [...s].filter((c) => 'aeiou'.includes(c)).length,
      inputs: words(rng),
    }),
  },
  {
    level: 'hard',
    names: ['sum_even', 'even_sum', 'evens'],
    make: (rng) => ({
      params: 'xs',
      spec: 'returns the sum of the even numbers in xs',
      note: 'Keep x % 2 == 0, then add.',
      source: oneLine(
        'xs => sum(x for x in xs if x % 2 == 0)',
        'xs => xs.filter((x) => x % 2 === 0).reduce((a, b) => a + b, 0)',
      ),
      behaviour: (xs: number[]) => xs.filter((x) => x % 2 === 0).reduce((a, b) => a + b, 0),
      inputs: lists(rng),
    }),
  },
  {
    level: 'hard',
    names: ['fizz', 'mark', 'tag'],
    make: (rng) => {
      const k = between(rng, 2, 7);
      return {
        params: 'x',
        spec: `returns 'fizz' if ${k} divides x, else x as a string`,
        note: `Check x % ${k} == 0.`,
        source: oneLine(
          `x => 'fizz' if x % ${k} == 0 else str(x)`,
          `x => (x % ${k} === 0 ? 'fizz' : String(x))`,
        ),
        behaviour: (x: number) => (x % k === 0 ? 'fizz' : String(x)),
        inputs: [[k * between(rng, 1, 4)], [k * between(rng, 1, 4) + 1], [between(rng, 1, 30)]],
      };
    },
  },
  {
    level: 'hard',
    names: ['clamp', 'cap', 'limit'],
    make: (rng) => {
      const k = between(rng, 5, 15);
      return {
        params: 'x',
        spec: `returns x kept between 0 and ${k}`,
        note: `Take max(0, min(x, ${k})).`,
        source: oneLine(`x => max(0, min(x, ${k}))`, `x => Math.max(0, Math.min(x, ${k}))`),
        behaviour: (x: number) => Math.max(0, Math.min(x, k)),
        inputs: [[between(rng, -9, -1)], [between(rng, 0, k)], [between(rng, k + 1, k + 9)]],
      };
    },
  },
  {
    level: 'hard',
    names: ['words', 'count_words', 'word_count'],
    make: (rng) => ({
      params: 's',
      spec: 'returns the number of words in s',
      note: 'Split s on spaces.',
      source: oneLine('s => len(s.split())', "s => s.split(' ').filter((w) => w).length"),
      behaviour: (s: string) => s.split(' ').filter((word) => word).length,
      inputs: pickDistinct(rng, PHRASES, 3).map((phrase) => [phrase]),
    }),
  },
  {
    level: 'hard',
    names: ['is_pal', 'palin', 'mirror'],
    make: (rng, language) => ({
      params: 's',
      spec: `returns ${trueWord(language)} if s reads the same backwards`,
      note: 'Compare s with s reversed.',
      source: oneLine('s => s == s[::-1]', "s => s === [...s].reverse().join('')"),
      behaviour: (s: string) => s === [...s].reverse().join(''),
      inputs: [[pick(rng, ['level', 'noon', 'radar', 'abba'])], ...words(rng, 2)],
    }),
  },
  {
    level: 'hard',
    names: ['fact', 'factorial', 'prod_to'],
    make: (rng) => ({
      params: 'n',
      spec: 'returns n factorial',
      note: 'Multiply 2 through n.',
      source: {
        python: (name) =>
          `def ${name}(n):\n    r = 1\n    for i in range(2, n + 1):\n        r *= i\n    return r`,
        javascript: (name) =>
          `function ${name}(n) {\n  let r = 1;\n  for (let i = 2; i <= n; i++) r *= i;\n  return r;\n}`,
      },
      behaviour: (n: number) => {
        let product = 1;
        for (let factor = 2; factor <= n; factor++) product *= factor;
        return product;
      },
      inputs: [[0], [between(rng, 1, 4)], [between(rng, 5, 8)]],
    }),
  },
];
