/**
 * The small functions the code suite asks for: twelve families, each with ten wordings of its spec,
 * the reference in Python and JavaScript, a JavaScript model of the behaviour that computes the
 * expected test values, and argument draws. A held-out prompt is a wording and language not seen
 * together in training. Names and constants are fixed per family, and there are twelve, not more,
 * because the tiny model copies nothing from its prompt and learns only a few classes from the SFT
 * mix: with 23 families, 3 names each and drawn constants it scored 0% (README, "The tiny cascade").
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
  /** One name per family, so the name follows from the spec. */
  name: string;
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

export const CODE_FAMILIES: readonly CodeFamily[] = [
  {
    level: 'easy',
    name: 'add_three',
    make: (rng) => ({
      params: 'x',
      spec: pick(rng, [
        `returns x plus 3`,
        `adds 3 to x`,
        `returns 3 more than x`,
        `returns the sum of x and 3`,
        `returns x increased by 3`,
        `gives back x + 3`,
        `returns x with 3 added`,
        `increases x by 3 and returns it`,
        `returns the value x + 3`,
        `returns three plus x`,
      ]),
      note: 'Add 3 to x.',
      source: oneLine('x => x + 3', 'x => x + 3'),
      behaviour: (x: number) => x + 3,
      inputs: ints(rng, -5, 20),
    }),
  },
  {
    level: 'easy',
    name: 'square',
    make: (rng) => ({
      params: 'x',
      spec: pick(rng, [
        `returns x squared`,
        `returns x times x`,
        `returns the square of x`,
        `multiplies x by itself`,
        `returns x to the power 2`,
        `gives back x * x`,
        `returns the square of number x`,
        `squares x`,
        `returns x multiplied by x`,
        `computes x squared`,
      ]),
      note: 'Multiply x by itself.',
      source: oneLine('x => x * x', 'x => x * x'),
      behaviour: (x: number) => x * x,
      inputs: ints(rng, -9, 12),
    }),
  },
  {
    level: 'easy',
    name: 'length',
    make: (rng) => ({
      params: 's',
      spec: pick(rng, [
        `returns the length of string s`,
        `returns how many characters s has`,
        `counts the characters of s`,
        `returns the number of characters in s`,
        `gives the length of s`,
        `measures how long string s is`,
        `returns len of s`,
        `counts how many characters are in s`,
        `returns the size of string s`,
        `finds the length of s`,
      ]),
      note: 'Return the length of s.',
      source: oneLine('s => len(s)', 's => s.length'),
      behaviour: (s: string) => s.length,
      inputs: words(rng),
    }),
  },
  {
    level: 'easy',
    name: 'shout',
    make: (rng) => ({
      params: 's',
      spec: pick(rng, [
        `returns s in upper case`,
        `returns s with every letter capitalised`,
        `upper-cases s`,
        `returns s in capital letters`,
        `converts s to upper case`,
        `gives back s shouted in capitals`,
        `returns s upper-cased`,
        `turns every letter of s into a capital`,
        `returns s written in upper case`,
        `makes s all capitals`,
      ]),
      note: 'Upper-case s.',
      source: oneLine('s => s.upper()', 's => s.toUpperCase()'),
      behaviour: (s: string) => s.toUpperCase(),
      inputs: words(rng),
    }),
  },
  {
    level: 'medium',
    name: 'total',
    make: (rng) => ({
      params: 'xs',
      spec: pick(rng, [
        `returns the sum of list xs`,
        `adds up the numbers in xs`,
        `returns the total of xs`,
        `sums the items of xs`,
        `returns all items of xs added together`,
        `gives the sum of the numbers in list xs`,
        `returns the sum of the items in xs`,
        `adds together every number in xs`,
        `computes the total of list xs`,
        `returns xs summed`,
      ]),
      note: 'Add up every item.',
      source: oneLine('xs => sum(xs)', 'xs => xs.reduce((a, b) => a + b, 0)'),
      behaviour: (xs: number[]) => xs.reduce((a, b) => a + b, 0),
      inputs: lists(rng),
    }),
  },
  {
    level: 'medium',
    name: 'biggest',
    make: (rng) => ({
      params: 'xs',
      spec: pick(rng, [
        `returns the largest number in list xs`,
        `returns the maximum of xs`,
        `returns the biggest item of xs`,
        `finds the highest value in xs`,
        `returns the greatest element of list xs`,
        `gives the max of the numbers in xs`,
        `returns the largest item of xs`,
        `returns the maximum value in list xs`,
        `finds the biggest number in xs`,
        `returns the top value of xs`,
      ]),
      note: 'Take the maximum.',
      source: oneLine('xs => max(xs)', 'xs => Math.max(...xs)'),
      behaviour: (xs: number[]) => Math.max(...xs),
      inputs: lists(rng),
    }),
  },
  {
    level: 'medium',
    name: 'reverse',
    make: (rng) => ({
      params: 's',
      spec: pick(rng, [
        `returns string s reversed`,
        `returns s backwards`,
        `reverses the string s`,
        `returns s read from right to left`,
        `returns the characters of s in reverse order`,
        `gives back s flipped end to end`,
        `returns s in reverse`,
        `reverses s`,
        `returns string s back to front`,
        `gives s with its characters reversed`,
      ]),
      note: 'Read s from the end.',
      source: oneLine('s => s[::-1]', "s => [...s].reverse().join('')"),
      behaviour: (s: string) => [...s].reverse().join(''),
      inputs: words(rng),
    }),
  },
  {
    level: 'medium',
    name: 'count_a',
    make: (rng) => ({
      params: 's',
      spec: pick(rng, [
        `returns how many times 'a' is in s`,
        `counts the 'a' characters in s`,
        `returns the number of letters 'a' in s`,
        `counts how often 'a' appears in s`,
        `tallies the 'a's in string s`,
        `gives the count of 'a' in s`,
        `returns the count of 'a' characters in s`,
        `counts every 'a' in s`,
        `finds how many 'a's s contains`,
        `returns the number of times 'a' occurs in s`,
      ]),
      note: "Count 'a' in s.",
      source: oneLine("s => s.count('a')", "s => s.split('a').length - 1"),
      behaviour: (s: string) => s.split('a').length - 1,
      // one word that has an 'a', so a constant answer cannot pass
      inputs: [
        [
          pick(
            rng,
            WORDS.filter((word) => word.includes('a')),
          ),
        ],
        ...words(rng, 2),
      ],
    }),
  },
  {
    level: 'hard',
    name: 'vowels',
    make: (rng) => ({
      params: 's',
      spec: pick(rng, [
        `returns the number of vowels (aeiou) in s`,
        `counts the vowels (aeiou) in s`,
        `returns how many of the letters aeiou s has`,
        `tallies the vowels a, e, i, o, u in s`,
        `gives the count of vowels (aeiou) in string s`,
        `counts letters of s that are in aeiou`,
        `returns the count of vowels (aeiou) in s`,
        `finds how many vowels (aeiou) s contains`,
        `counts how many letters of s are vowels (aeiou)`,
        `returns the number of a, e, i, o, u letters in s`,
      ]),
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
    name: 'sum_even',
    make: (rng) => ({
      params: 'xs',
      spec: pick(rng, [
        `returns the sum of the even numbers in xs`,
        `adds up the even items of xs`,
        `returns the total of the even numbers in xs`,
        `sums the items of xs that are even`,
        `returns the even values of xs added together`,
        `gives the sum of xs's even elements`,
        `adds up the numbers in xs that are even`,
        `returns the sum of xs's even items`,
        `computes the total of the even values in xs`,
        `sums just the even numbers of xs`,
      ]),
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
    name: 'fizz',
    make: (rng) => ({
      params: 'x',
      spec: pick(rng, [
        `returns 'fizz' if 3 divides x, else x as a string`,
        `returns 'fizz' when x is a multiple of 3, else x as a string`,
        `gives 'fizz' for multiples of 3 and x as text otherwise`,
        `returns 'fizz' when x % 3 is 0, else str of x`,
        `answers 'fizz' if x is divisible by 3, otherwise x as a string`,
        `returns 'fizz' for x divisible by 3, or x written as a string`,
        `returns 'fizz' when 3 divides x, else x as a string`,
        `gives 'fizz' if x is a multiple of 3, else x as a string`,
        `returns 'fizz' for a multiple of 3, otherwise x as a string`,
        `returns 'fizz' if x % 3 == 0, else x as a string`,
      ]),
      note: 'Check x % 3 == 0.',
      source: oneLine("x => 'fizz' if x % 3 == 0 else str(x)", "x => (x % 3 === 0 ? 'fizz' : String(x))"),
      behaviour: (x: number) => (x % 3 === 0 ? 'fizz' : String(x)),
      inputs: [[3 * between(rng, 1, 4)], [3 * between(rng, 1, 4) + 1], [between(rng, 1, 30)]],
    }),
  },
  {
    level: 'hard',
    name: 'fact',
    make: (rng) => ({
      params: 'n',
      spec: pick(rng, [
        `returns n factorial`,
        `returns the product 1 * 2 * ... * n`,
        `returns n!`,
        `multiplies together every number from 1 to n`,
        `computes the factorial of n`,
        `gives the product of 1 through n`,
        `returns the factorial of n`,
        `computes n factorial`,
        `returns 1 * 2 * ... * n`,
        `returns the product of the numbers 1 to n`,
      ]),
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
