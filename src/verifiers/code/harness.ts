/**
 * Call-based tests run the solution under a small harness per language: read `{fn_name, calls}` as
 * JSON on stdin, load the solution once (with LiveCodeBench's star imports for Python), call the
 * function or `Solution().<fn_name>` with each argument list in turn, as LiveCodeBench's `run_test`
 * does, and print one marked line per call: its index, the CPU and wall milliseconds it took, and the
 * JSON result. What the solution itself prints is swallowed, so it cannot forge a result line by
 * printing; an exception ends the run, so the calls after it have no line.
 */
import type { Language } from '../../sandbox/index.ts';

/** Starts each line the harness prints with a result (a record separator and a word). */
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

const PYTHON_HARNESS = `import io, json, sys, time
sys.setrecursionlimit(50000)
payload = json.loads(sys.stdin.read())
source = open(${JSON.stringify(SOLUTION_FILE.python)}).read()
real_stdout = sys.stdout
def quietly(run):
    sys.stdout = io.StringIO()
    try:
        return run()
    finally:
        sys.stdout = real_stdout
namespace = {'__name__': 'solution'}
quietly(lambda: exec(compile(${JSON.stringify(PYTHON_PRELUDE)} + '\\n' + source, ${JSON.stringify(SOLUTION_FILE.python)}, 'exec'), namespace))
if 'class Solution' in source:
    target = getattr(quietly(lambda: namespace['Solution']()), payload['fn_name'])
else:
    target = namespace[payload['fn_name']]
for index, args in enumerate(payload['calls']):
    cpu, wall = time.process_time(), time.perf_counter()
    result = quietly(lambda: target(*args))
    cpu, wall = (time.process_time() - cpu) * 1000, (time.perf_counter() - wall) * 1000
    if isinstance(result, tuple):
        result = list(result)
    try:
        encoded = json.dumps(result)
    except (TypeError, ValueError) as error:
        sys.stderr.write('result is not JSON-serialisable: %s (%s)\\n' % (type(result).__name__, error))
        sys.exit(3)
    real_stdout.write(${JSON.stringify(RESULT_MARKER)} + '%d %.3f %.3f ' % (index, cpu, wall) + encoded + '\\n')
    real_stdout.flush()
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
(async () => {
  for (const [index, args] of payload.calls.entries()) {
    const cpu = process.cpuUsage();
    const wall = performance.now();
    const result = await target(...args);
    const cpuMs = (({ user, system }) => (user + system) / 1000)(process.cpuUsage(cpu));
    const wallMs = performance.now() - wall;
    const encoded = JSON.stringify(result === undefined ? null : result);
    fs.writeSync(1, ${JSON.stringify(RESULT_MARKER)} + index + ' ' + cpuMs.toFixed(3) + ' ' + wallMs.toFixed(3) + ' ' + encoded + '\\n');
  }
})().catch((error) => {
  // the error itself last, as a Python traceback ends: the reason quotes the last line
  fs.writeSync(2, (error && error.stack ? error.stack + '\\n' : '') + String(error) + '\\n');
  process.exit(1);
});
`;

export function callHarness(language: Language): string | null {
  if (language === 'python') return PYTHON_HARNESS;
  if (language === 'javascript') return JAVASCRIPT_HARNESS;
  return null;
}

export function callPayload(fnName: string, calls: unknown[][]): string {
  return JSON.stringify({ fn_name: fnName, calls });
}

/** One call's line: what it returned and what it cost, as the harness measured it. */
export interface CallResult {
  value: unknown;
  cpuMs: number;
  wallMs: number;
}

/**
 * The harness's result lines by call index. A line that does not parse is left out (that call then
 * has no result); when an index appears twice the last line wins, as the harness prints last.
 */
export function parseHarnessOutput(stdout: string): Map<number, CallResult> {
  const results = new Map<number, CallResult>();
  for (const chunk of stdout.split(RESULT_MARKER).slice(1)) {
    const match = /^(\d+) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?) ([^\n]*)/.exec(chunk);
    if (!match) continue;
    try {
      results.set(Number(match[1]), {
        value: JSON.parse(match[4]),
        cpuMs: Number(match[2]),
        wallMs: Number(match[3]),
      });
    } catch {
      // not JSON: no result for this call
    }
  }
  return results;
}
