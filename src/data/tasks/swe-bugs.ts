/**
 * The bugs the SWE suite plants: each family is a short Python function with one wrong line, its
 * fixed line, an issue that shows a failing call, and a JavaScript model of the intended behaviour
 * (for the file's call tests). Names (each with its file) and example calls vary per draw.
 */
import type { Rng } from '../../core/rng.ts';
import { between, pick, pickDistinct } from './generate.ts';
import type { Difficulty } from './types.ts';

export interface PlantedBug {
  fn: string;
  /** The function's lines; `bugLine` indexes the wrong one. */
  lines: string[];
  bugLine: number;
  fixedLine: string;
  issue: string;
  /** A few words for the thinking reference. */
  note: string;
  behaviour: (...args: never[]) => unknown;
  /** Argument lists for the file's tests; the first is the issue's failing call. */
  inputs: unknown[][];
}

export interface BugFamily {
  level: Difficulty;
  /**
   * Each name the function goes by, and the file it lives in, as in a repository: an edit must name
   * the file. Fixed per name because the tiny model does not copy the file name from its prompt.
   */
  files: Readonly<Record<string, string>>;
  plant(rng: Rng, fn: string): PlantedBug;
}

const py = (value: unknown): string => {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (Array.isArray(value)) return `[${value.map(py).join(', ')}]`;
  return String(value);
};
const call = (fn: string, args: unknown[]) => `${fn}(${args.map(py).join(', ')})`;
const says = (fn: string, args: unknown[], got: unknown, want: unknown) =>
  `${call(fn, args)} returns ${py(got)}, expected ${py(want)}.`;

export const BUG_FAMILIES: readonly BugFamily[] = [
  {
    level: 'easy',
    files: { add: 'util.py', plus: 'calc.py', combine: 'lib.py' },
    plant: (rng, fn) => {
      const [a, b] = [between(rng, 1, 9), between(rng, 1, 9)];
      return {
        fn,
        lines: [`def ${fn}(a, b):`, '    return a - b'],
        bugLine: 1,
        fixedLine: '    return a + b',
        issue: says(fn, [a, b], a - b, a + b),
        note: 'It subtracts; it should add.',
        behaviour: (x: number, y: number) => x + y,
        inputs: [
          [a, b],
          [between(rng, 0, 20), between(rng, 1, 20)],
        ],
      };
    },
  },
  {
    level: 'easy',
    files: { is_even: 'tools.py', even: 'helpers.py', check_even: 'util.py' },
    plant: (rng, fn) => {
      const x = between(rng, 1, 10) * 2;
      return {
        fn,
        lines: [`def ${fn}(x):`, '    return x % 2 == 1'],
        bugLine: 1,
        fixedLine: '    return x % 2 == 0',
        issue: says(fn, [x], false, true),
        note: 'Even means x % 2 == 0.',
        behaviour: (value: number) => value % 2 === 0,
        inputs: [[x], [between(rng, 0, 9) * 2 + 1]],
      };
    },
  },
  {
    level: 'easy',
    files: { shout: 'calc.py', yell: 'lib.py', loud: 'tools.py' },
    plant: (rng, fn) => {
      const word = pick(rng, ['hi', 'stop', 'go', 'wow', 'yes', 'help']);
      return {
        fn,
        lines: [`def ${fn}(s):`, "    return s.lower() + '!'"],
        bugLine: 1,
        fixedLine: "    return s.upper() + '!'",
        issue: says(fn, [word], `${word}!`, `${word.toUpperCase()}!`),
        note: 'It should use upper, not lower.',
        behaviour: (s: string) => `${s.toUpperCase()}!`,
        inputs: [[word], ['ok']],
      };
    },
  },
  {
    level: 'easy',
    files: { last: 'helpers.py', final: 'util.py', end_item: 'calc.py' },
    plant: (rng, fn) => {
      const list = pickDistinct(rng, [1, 2, 3, 4, 5, 6, 7, 8, 9], 3);
      return {
        fn,
        lines: [`def ${fn}(xs):`, '    return xs[0]'],
        bugLine: 1,
        fixedLine: '    return xs[-1]',
        issue: says(fn, [list], list[0], list[2]),
        note: 'The last item is xs[-1].',
        behaviour: (xs: number[]) => xs[xs.length - 1],
        inputs: [[list], [[between(rng, 1, 9)]]],
      };
    },
  },
  {
    level: 'medium',
    files: { bigger: 'lib.py', larger: 'tools.py', maximum: 'helpers.py' },
    plant: (rng, fn) => {
      const a = between(rng, 1, 8);
      const b = between(rng, a + 1, 9);
      return {
        fn,
        lines: [`def ${fn}(a, b):`, '    if a < b:', '        return a', '    return b'],
        bugLine: 1,
        fixedLine: '    if a > b:',
        issue: says(fn, [a, b], a, b),
        note: 'The comparison is reversed.',
        behaviour: (x: number, y: number) => Math.max(x, y),
        inputs: [
          [a, b],
          [b, a],
        ],
      };
    },
  },
  {
    level: 'medium',
    files: { count_a: 'util.py', num_a: 'calc.py', a_count: 'lib.py' },
    plant: (rng, fn) => {
      const word = pick(rng, ['banana', 'papaya', 'java', 'alpha', 'salad', 'drama']);
      return {
        fn,
        lines: [`def ${fn}(s):`, "    return s.count('e')"],
        bugLine: 1,
        fixedLine: "    return s.count('a')",
        issue: says(fn, [word], 0, word.split('a').length - 1),
        note: "It counts 'e' instead of 'a'.",
        behaviour: (s: string) => s.split('a').length - 1,
        inputs: [[word], ['tree']],
      };
    },
  },
  {
    level: 'medium',
    files: { product: 'tools.py', prod: 'helpers.py', multiply: 'util.py' },
    plant: (rng, fn) => {
      const list = [between(rng, 2, 5), between(rng, 2, 5)];
      return {
        fn,
        lines: [`def ${fn}(xs):`, '    p = 0', '    for x in xs:', '        p *= x', '    return p'],
        bugLine: 1,
        fixedLine: '    p = 1',
        issue: says(fn, [list], 0, list[0] * list[1]),
        note: 'A product must start at 1.',
        behaviour: (xs: number[]) => xs.reduce((a, b) => a * b, 1),
        inputs: [[list], [[between(rng, 1, 9)]]],
      };
    },
  },
  {
    level: 'medium',
    files: { average: 'calc.py', mean: 'lib.py', avg: 'tools.py' },
    plant: (rng, fn) => {
      const step = between(rng, 1, 4);
      const start = between(rng, 1, 5);
      const list = [start, start + step, start + 2 * step];
      const sum = 3 * (start + step);
      return {
        fn,
        lines: [`def ${fn}(xs):`, '    return sum(xs) // 2'],
        bugLine: 1,
        fixedLine: '    return sum(xs) // len(xs)',
        issue: says(fn, [list], Math.floor(sum / 2), sum / 3),
        note: 'Divide by len(xs), not 2.',
        behaviour: (xs: number[]) => Math.floor(xs.reduce((a, b) => a + b, 0) / xs.length),
        inputs: [[list], [[between(rng, 1, 9), between(rng, 1, 9), between(rng, 1, 9), between(rng, 1, 9)]]],
      };
    },
  },
  {
    level: 'hard',
    files: { sum_to: 'helpers.py', upto: 'util.py', series: 'calc.py' },
    plant: (rng, fn) => {
      const n = between(rng, 2, 6);
      return {
        fn,
        lines: [`def ${fn}(n):`, '    s = 0', '    for i in range(n):', '        s += i', '    return s'],
        bugLine: 2,
        fixedLine: '    for i in range(1, n + 1):',
        issue: says(fn, [n], (n * (n - 1)) / 2, (n * (n + 1)) / 2),
        note: 'range(n) stops before n.',
        behaviour: (k: number) => (k * (k + 1)) / 2,
        inputs: [[n], [between(rng, 7, 12)]],
      };
    },
  },
  {
    level: 'hard',
    files: { cap: 'lib.py', clamp: 'tools.py', limit: 'helpers.py' },
    plant: (rng, fn) => {
      const k = between(rng, 5, 12);
      const x = between(rng, 1, k - 1);
      return {
        fn,
        lines: [`def ${fn}(x):`, '    return min(x, 0)'],
        bugLine: 1,
        fixedLine: `    return min(x, ${k})`,
        issue: `${fn} should cap x at ${k}. ${says(fn, [x], 0, x)}`,
        note: `The cap must be ${k}, not 0.`,
        behaviour: (value: number) => Math.min(value, k),
        inputs: [[x], [k + between(rng, 1, 9)]],
      };
    },
  },
];

/** Small correct functions that share the file, so the edit must find its line. */
export const NEIGHBOURS: readonly string[][] = [
  ['def half(x):', '    return x // 2'],
  ['def double(x):', '    return x * 2'],
  ['def greet(name):', "    return 'hi ' + name"],
  ['def neg(x):', '    return -x'],
];
