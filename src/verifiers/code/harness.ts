/**
 * Call-based tests run the solution under a small harness per language: read `{fn_name, args}`
 * as JSON on stdin, load the solution (with LiveCodeBench's star imports for Python), call the
 * function or `Solution().<fn_name>`, and print one marked line with the JSON result. What the
 * solution itself prints is swallowed, so it cannot forge the result line.
 */
import type { Language } from '../../sandbox/index.ts';

/** Starts the one line the harness prints with the result (a record separator and a word). */
export const RESULT_MARKER = '\u001eCASCADE_RESULT ';

/** File the solution is placed in beside the harness. */
export const SOLUTION_FILE: Record<'python' | 'javascript', string> = {
  python: 'solution.py',
  javascript: 'solution.js',
};

// LiveCodeBench's prelude for call-based code, joined into one line so tracebacks shift by one line
const PYTHON_PRELUDE = [
  'from string import *',
  'from re import *',
  'from datetime import *',
  'from collections import *',
  'from heapq import *',
  'from bisect import *',
  'from copy import *',
  'from math import *',
  'from random import *',
  'from statistics import *',
  'from itertools import *',
  'from functools import *',
  'from operator import *',
  'from io import *',
  'from sys import *',
  'from json import *',
  'from builtins import *',
  'from typing import *',
  'import string, re, datetime, collections, heapq, bisect, copy, math, random, statistics, itertools, functools, operator, io, sys, json',
  'sys.setrecursionlimit(50000)',
].join('; ');

const PYTHON_HARNESS = `import io, json, sys
sys.setrecursionlimit(50000)
payload = json.loads(sys.stdin.read())
source = open(${JSON.stringify(SOLUTION_FILE.python)}).read()
real_stdout = sys.stdout
sys.stdout = io.StringIO()
namespace = {'__name__': 'solution'}
try:
    exec(compile(${JSON.stringify(PYTHON_PRELUDE)} + '\\n' + source, ${JSON.stringify(SOLUTION_FILE.python)}, 'exec'), namespace)
    if 'class Solution' in source:
        target = getattr(namespace['Solution'](), payload['fn_name'])
    else:
        target = namespace[payload['fn_name']]
    result = target(*payload['args'])
finally:
    sys.stdout = real_stdout
if isinstance(result, tuple):
    result = list(result)
try:
    encoded = json.dumps(result)
except (TypeError, ValueError) as error:
    sys.stderr.write('result is not JSON-serialisable: %s (%s)\\n' % (type(result).__name__, error))
    sys.exit(3)
sys.stdout.write(${JSON.stringify(RESULT_MARKER)} + encoded + '\\n')
`;

const JAVASCRIPT_HARNESS = `'use strict';
const fs = require('fs');
const payload = JSON.parse(fs.readFileSync(0, 'utf8'));
// ES module syntax would not parse inside a function body: drop the export keywords
const source = fs.readFileSync(${JSON.stringify(SOLUTION_FILE.javascript)}, 'utf8').replace(/^\\s*export\\s+(default\\s+)?/gm, '');
const name = payload.fn_name;
const silence = () => {};
for (const method of ['log', 'info', 'debug', 'warn', 'error', 'table', 'dir']) console[method] = silence;
process.stdout.write = () => true;
const solutionModule = { exports: {} };
const lookup = new Function('require', 'module', 'exports',
  source + '\\n;return { fn: typeof ' + name + " !== 'undefined' ? " + name + " : undefined, Solution: typeof Solution !== 'undefined' ? Solution : undefined };");
const found = lookup(require, solutionModule, solutionModule.exports);
const exported = solutionModule.exports;
let target;
if (/class\\s+Solution\\b/.test(source) && found.Solution) {
  const instance = new found.Solution();
  target = instance[name].bind(instance);
} else {
  target = found.fn ?? exported[name] ?? (typeof exported === 'function' ? exported : undefined);
}
if (typeof target !== 'function') throw new Error('no function named ' + name);
Promise.resolve(target(...payload.args)).then((result) => {
  const encoded = JSON.stringify(result === undefined ? null : result);
  fs.writeSync(1, ${JSON.stringify(RESULT_MARKER)} + encoded + '\\n');
});
`;

export function callHarness(language: Language): string | null {
  if (language === 'python') return PYTHON_HARNESS;
  if (language === 'javascript') return JAVASCRIPT_HARNESS;
  return null;
}

export function callPayload(fnName: string, args: unknown[]): string {
  return JSON.stringify({ fn_name: fnName, args });
}

/** The result value from the harness's marked line; `found: false` when there is no such line or it is not JSON. */
export function parseHarnessOutput(stdout: string): { found: true; value: unknown } | { found: false } {
  const at = stdout.lastIndexOf(RESULT_MARKER);
  if (at < 0) return { found: false };
  const line = stdout.slice(at + RESULT_MARKER.length).split('\n')[0];
  try {
    return { found: true, value: JSON.parse(line) };
  } catch {
    return { found: false };
  }
}
