/**
 * Call-based tests run the solution under a small harness per language: read `{fn_name, calls}` as
 * JSON on stdin, load the solution once (with LiveCodeBench's star imports for Python), call the
 * function or `Solution().<fn_name>` with each argument list in turn, as LiveCodeBench's `run_test`
 * does, and print one marked line per call: its index, the CPU and wall milliseconds it took, and
 * `ok` with the JSON result, or `timeout` when the call ran past `limit_ms` (a CPU timer in Python; in
 * JavaScript a wall-clock one with the sandbox's slack, 2 × limit + 1 s), which ends the run, as LiveCodeBench's per-test alarm does, so a
 * looping answer costs one test's limit, not every test's. What the solution itself prints is
 * swallowed, so it cannot forge a result line by printing; an exception ends the run, so the calls
 * after it have no line.
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

const PYTHON_HARNESS = `import io, json, signal, sys, time
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
class CallTimeLimit(BaseException):
    pass
def over_time(signum, frame):
    raise CallTimeLimit()
signal.signal(signal.SIGPROF, over_time)
limit_s = payload.get('limit_ms', 0) / 1000
namespace = {'__name__': 'solution'}
quietly(lambda: exec(compile(${JSON.stringify(PYTHON_PRELUDE)} + '\\n' + source, ${JSON.stringify(SOLUTION_FILE.python)}, 'exec'), namespace))
if 'class Solution' in source:
    target = getattr(quietly(lambda: namespace['Solution']()), payload['fn_name'])
else:
    target = namespace[payload['fn_name']]
for index, args in enumerate(payload['calls']):
    cpu, wall = time.process_time(), time.perf_counter()
    signal.setitimer(signal.ITIMER_PROF, limit_s)
    try:
        result = quietly(lambda: target(*args))
        signal.setitimer(signal.ITIMER_PROF, 0)
        outcome = 'ok'
    except CallTimeLimit:
        outcome = 'timeout'
    cpu, wall = (time.process_time() - cpu) * 1000, (time.perf_counter() - wall) * 1000
    if outcome == 'timeout':
        real_stdout.write(${JSON.stringify(RESULT_MARKER)} + '%d %.3f %.3f timeout\\n' % (index, cpu, wall))
        real_stdout.flush()
        sys.exit(0)
    if isinstance(result, tuple):
        result = list(result)
    try:
        encoded = json.dumps(result)
    except (TypeError, ValueError) as error:
        sys.stderr.write('result is not JSON-serialisable: %s (%s)\\n' % (type(result).__name__, error))
        sys.exit(3)
    real_stdout.write(${JSON.stringify(RESULT_MARKER)} + '%d %.3f %.3f ok ' % (index, cpu, wall) + encoded + '\\n')
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
  const vm = require('vm');
  const call = new vm.Script('target(...args)');
  const context = vm.createContext({ target, args: [] });
  const line = (index, cpu, wall, rest) =>
    fs.writeSync(1, ${JSON.stringify(RESULT_MARKER)} + index + ' ' + cpu.toFixed(3) + ' ' + wall.toFixed(3) + ' ' + rest + '\\n');
  for (const [index, args] of payload.calls.entries()) {
    const cpu = process.cpuUsage();
    const wall = performance.now();
    const cpuMs = () => {
      const { user, system } = process.cpuUsage(cpu);
      return (user + system) / 1000;
    };
    let result;
    try {
      // V8's watchdog stops even a tight loop; it counts wall time, so it gets the slack the sandbox
      // gives one test's wall clock (the CPU limit is checked on the line). An async result is awaited without it
      context.args = args;
      result = payload.limit_ms
        ? call.runInContext(context, { timeout: payload.limit_ms * 2 + 1000 })
        : target(...args);
    } catch (error) {
      if (!(error && error.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT')) throw error;
      line(index, cpuMs(), performance.now() - wall, 'timeout');
      process.exit(0);
    }
    result = await result;
    const encoded = JSON.stringify(result === undefined ? null : result);
    line(index, cpuMs(), performance.now() - wall, 'ok ' + encoded);
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

/** The harness's stdin: the function, every call's arguments, and each call's limit when there is one. */
export function callPayload(fnName: string, calls: unknown[][], limitMs?: number): string {
  return JSON.stringify({ fn_name: fnName, calls, ...(limitMs === undefined ? {} : { limit_ms: limitMs }) });
}

/** One call's line: what it returned, or that it ran past its limit, and what it cost. */
export type CallResult = { cpuMs: number; wallMs: number } & (
  | { timedOut: false; value: unknown }
  | { timedOut: true }
);

/**
 * The harness's result lines by call index. A line that does not parse is left out (that call then
 * has no result); when an index appears twice the last line wins, as the harness prints last.
 */
export function parseHarnessOutput(stdout: string): Map<number, CallResult> {
  const results = new Map<number, CallResult>();
  for (const chunk of stdout.split(RESULT_MARKER).slice(1)) {
    const match = /^(\d+) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?) (?:(timeout)|ok ([^\n]*))/.exec(chunk);
    if (!match) continue;
    const cost = { cpuMs: Number(match[2]), wallMs: Number(match[3]) };
    if (match[4]) {
      results.set(Number(match[1]), { ...cost, timedOut: true });
      continue;
    }
    try {
      results.set(Number(match[1]), { ...cost, timedOut: false, value: JSON.parse(match[5]) });
    } catch {
      // not JSON: no result for this call
    }
  }
  return results;
}
