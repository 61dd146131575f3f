/** End to end: real programs in the real sandbox (needs bubblewrap, python3, node and g++). */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Verifier } from '../../core/verdict.ts';
import { createSandboxPool, type SandboxPool } from '../../sandbox/index.ts';
import { type CodeTask, type CodeTaskInput, codeTaskSchema } from './task.ts';
import type { TestReport } from './verifier.ts';
import { createCodeVerifier } from './verifier.ts';

const fence = '```';
let pool: SandboxPool;
let verify: Verifier<CodeTask>;

before(async () => {
  pool = await createSandboxPool({ concurrency: 2 });
  verify = createCodeVerifier(pool);
});

after(async () => {
  await pool.close();
});

const answer = (language: string, code: string) =>
  `<think>plan</think>Here:\n${fence}${language}\n${code}\n${fence}\n`;
const task = (row: CodeTaskInput) => codeTaskSchema.parse(row);
const sumTask = task({
  language: 'python',
  tests: [
    { input: '1 2\n', output: '3\n' },
    { input: '10 -4\n', output: '6\n' },
    { input: '0 0\n', output: '0\n' },
  ],
  time_limit_s: 1,
});
const testsOf = (details: Record<string, unknown>) => details.tests as TestReport[];

test('a correct stdin/stdout Python solution gets reward 1', async () => {
  const verdict = await verify(sumTask, answer('python', 'a, b = map(int, input().split())\nprint(a + b)'));
  assert.equal(verdict.status, 'scored');
  assert.equal(verdict.reward, 1, verdict.reason);
  assert.equal(verdict.correct, true);
  assert.deepEqual(
    testsOf(verdict.details).map((report) => report.status),
    ['passed', 'passed', 'passed'],
  );
});

test('a wrong answer gets 0, names the test, and skips the rest', async () => {
  const verdict = await verify(
    sumTask,
    answer('python', 'a, b = map(int, input().split())\nprint(a + b if a else 1)'),
  );
  assert.equal(verdict.reward, 0);
  assert.match(verdict.reason, /test 3\/3/);
  const verdictAll = await createCodeVerifier(pool, { stopAtFirstFailure: false })(
    sumTask,
    answer('python', 'print(3)'),
  );
  assert.deepEqual(
    testsOf(verdictAll.details).map((report) => report.status),
    ['passed', 'wrong_answer', 'wrong_answer'],
  );
  const stopped = await verify(sumTask, answer('python', 'print(0)'));
  assert.deepEqual(
    testsOf(stopped.details).map((report) => report.status),
    ['wrong_answer', 'skipped', 'skipped'],
  );
});

test('an infinite loop is a time-out of that test, scored 0', async () => {
  const verdict = await verify(sumTask, answer('python', 'while True:\n    pass'));
  assert.equal(verdict.status, 'scored');
  assert.equal(verdict.reward, 0);
  assert.equal(testsOf(verdict.details)[0].status, 'timeout');
  assert.match(verdict.reason, /time limit exceeded/);
});

test('a runtime error is scored 0 with the exception in the reason', async () => {
  const verdict = await verify(sumTask, answer('python', 'raise KeyError("nope")'));
  assert.equal(verdict.reward, 0);
  assert.equal(testsOf(verdict.details)[0].status, 'runtime_error');
  assert.match(verdict.reason, /KeyError/);
});

test('no code, or unfinished reasoning, is reward 0 with a reason (not an error)', async () => {
  const noCode = await verify(sumTask, '</think>The answer is 3.');
  assert.equal(noCode.status, 'scored');
  assert.equal(noCode.reward, 0);
  assert.match(noCode.reason, /no fenced code block/);
  const unfinished = await verify(sumTask, `<think>${fence}python\nprint(1)\n${fence}`);
  assert.match(unfinished.reason, /never finished/);
});

test('C++: correct, and a compile error', async () => {
  const cppTask = task({ ...sumTask, language: 'cpp' });
  const good = await verify(
    cppTask,
    answer('cpp', '#include <iostream>\nint main(){long a,b;std::cin>>a>>b;std::cout<<a+b<<std::endl;}'),
  );
  assert.equal(good.reward, 1, good.reason);
  const bad = await verify(cppTask, answer('cpp', 'int main() { return undefined_name; }'));
  assert.equal(bad.status, 'scored');
  assert.equal(bad.reward, 0);
  assert.match(bad.reason, /compile error/);
  assert.match(JSON.stringify(bad.details.compile), /undefined_name/);
});

test('call-based Python: a function and a LeetCode-style class Solution with typing names', async () => {
  const callTask = task({
    language: 'python',
    tests: {
      fn_name: 'twoSum',
      tests: [
        { args: [[2, 7, 11, 15], 9], expected: [0, 1] },
        { args: [[3, 2, 4], 6], expected: [1, 2] },
      ],
    },
  });
  const plain =
    'def twoSum(nums, target):\n    seen = {}\n    for i, x in enumerate(nums):\n        if target - x in seen:\n            return (seen[target - x], i)\n        seen[x] = i';
  const verdict = await verify(callTask, answer('python', plain));
  assert.equal(verdict.reward, 1, verdict.reason);
  const leetcode = `class Solution:\n    def twoSum(self, nums: List[int], target: int) -> List[int]:\n        print('debug output is ignored')\n        for i in range(len(nums)):\n            for j in range(i + 1, len(nums)):\n                if nums[i] + nums[j] == target:\n                    return [i, j]`;
  assert.equal((await verify(callTask, answer('python', leetcode))).reward, 1);
  const wrong = await verify(callTask, answer('python', 'def twoSum(nums, target):\n    return [0, 0]'));
  assert.equal(wrong.reward, 0);
  assert.equal(testsOf(wrong.details)[0].status, 'wrong_answer');
});

test('TACO-style wrapped expected values pass only with unwrap_expected', async () => {
  const code = answer('python', 'def add(a, b):\n    return a + b');
  const wrapped = { fn_name: 'add', tests: [{ args: [1, 2], expected: [3] }] };
  assert.equal(
    (await verify(task({ language: 'python', tests: { ...wrapped, unwrap_expected: true } }), code)).reward,
    1,
  );
  assert.equal((await verify(task({ language: 'python', tests: wrapped }), code)).reward, 0);
});

test('call-based JavaScript: a function, and class Solution', async () => {
  const callTask = task({
    language: 'javascript',
    tests: {
      fn_name: 'maxOf',
      tests: [
        { args: [[1, 5, 3]], expected: 5 },
        { args: [[-2]], expected: -2 },
      ],
    },
  });
  const fn = await verify(
    callTask,
    answer('js', 'function maxOf(xs) { console.log("noise"); return Math.max(...xs); }'),
  );
  assert.equal(fn.reward, 1, fn.reason);
  const cls = await verify(
    callTask,
    answer('javascript', 'class Solution { maxOf(xs) { return xs.reduce((a, b) => (a > b ? a : b)); } }'),
  );
  assert.equal(cls.reward, 1, cls.reason);
  const missing = await verify(callTask, answer('javascript', 'function other() {}'));
  assert.equal(missing.reward, 0);
  assert.equal(testsOf(missing.details)[0].status, 'runtime_error');
});

test('call-based tests run in one process: a crash, a slow call or an early exit fails that call, the rest are skipped', async () => {
  const threeCalls = (language: 'python' | 'javascript', time_limit_s = 6) =>
    task({
      language,
      tests: {
        fn_name: 'f',
        tests: [
          { args: [1], expected: 2 },
          { args: [2], expected: 4 },
          { args: [3], expected: 6 },
        ],
      },
      time_limit_s,
    });
  const statuses = (verdict: { details: Record<string, unknown> }) =>
    testsOf(verdict.details).map((report) => report.status);

  const crash = await verify(
    threeCalls('python'),
    answer('python', 'def f(x):\n    if x == 2: raise KeyError("two")\n    return 2 * x'),
  );
  assert.deepEqual(statuses(crash), ['passed', 'runtime_error', 'skipped']);
  assert.match(crash.reason, /test 2\/3: .*KeyError/);
  const jsCrash = await verify(
    threeCalls('javascript'),
    answer('javascript', 'function f(x) { if (x === 2) throw new RangeError("two"); return 2 * x; }'),
  );
  assert.deepEqual(statuses(jsCrash), ['passed', 'runtime_error', 'skipped']);
  assert.match(jsCrash.reason, /RangeError/);

  // each call keeps its own CPU limit: 0.6 s of CPU in one call is over a 0.3 s limit
  const slow = await verify(
    threeCalls('python', 0.3),
    answer(
      'python',
      'import time\ndef f(x):\n    if x == 2:\n        t = time.process_time()\n        while time.process_time() - t < 0.6: pass\n    return 2 * x',
    ),
  );
  assert.deepEqual(statuses(slow), ['passed', 'timeout', 'skipped']);
  assert.match(slow.reason, /test 2\/3: time limit exceeded/);
  const loop = await verify(
    threeCalls('python', 0.5),
    answer('python', 'def f(x):\n    while x == 3: pass\n    return 2 * x'),
  );
  assert.deepEqual(statuses(loop), ['passed', 'passed', 'timeout']);
  // the harness stops a looping call at its own limit (JavaScript: wall clock, 2 × 0.3 + 1 s), not at
  // the run's budget of every test's (10 × 0.3 s of CPU)
  const tenCalls = (language: 'python' | 'javascript') =>
    task({
      language,
      tests: { fn_name: 'f', tests: Array.from({ length: 10 }, (_, x) => ({ args: [x], expected: 2 * x })) },
      time_limit_s: 0.3,
    });
  for (const [language, code] of [
    ['python', 'def f(x):\n    while True: pass'],
    ['javascript', 'function f(x) { while (true) {} }'],
  ] as const) {
    const looped = await verify(tenCalls(language), answer(language, code));
    assert.deepEqual(statuses(looped), ['timeout', ...Array(9).fill('skipped')], language);
    assert.match(looped.reason, /ran past its 300 ms limit and was stopped/, language);
  }

  const exits = await verify(
    threeCalls('python'),
    answer('python', 'import sys\ndef f(x):\n    if x == 2: sys.exit(0)\n    return 2 * x'),
  );
  assert.deepEqual(statuses(exits), ['passed', 'wrong_answer', 'skipped']);
  assert.match(exits.reason, /printed no result/);

  // one process per call when every test must run: a crash does not hide the later tests
  const each = await createCodeVerifier(pool, { stopAtFirstFailure: false })(
    threeCalls('python'),
    answer('python', 'def f(x):\n    if x == 2: raise KeyError("two")\n    return 2 * x'),
  );
  assert.deepEqual(statuses(each), ['passed', 'runtime_error', 'passed']);
});

test('a sandbox failure is an error verdict, never a silent 0', async () => {
  const broken = createCodeVerifier({
    compileProgram: async () => ({
      result: {
        status: 'sandbox_error',
        exitCode: null,
        signal: null,
        stdout: '',
        stderr: '',
        wallMs: 0,
        cpuMs: null,
        maxRssKb: null,
        reason: 'bwrap exploded',
      },
    }),
    runCompiled: async () => {
      throw new Error('unreachable');
    },
  });
  const verdict = await broken(sumTask, answer('python', 'print(3)'));
  assert.equal(verdict.status, 'error');
  assert.match(verdict.reason, /bwrap exploded/);
});
