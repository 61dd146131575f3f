/**
 * The Code RL reward and LiveCodeBench-style scoring: extract the program, compile it once, run
 * every test in the sandbox, reward 1 only if every test passes. A wrong answer, a time-out or a
 * crash is a scored 0 with the failing test named; a sandbox failure is `status: 'error'`.
 * Stdin tests run one process each. Call-based tests run in one process that calls the function for
 * each test in turn, as LiveCodeBench's `run_test` does, and stop at the first failure; each call is
 * held to the per-test CPU limit as the harness measures it (`stopAtFirstFailure: false` runs one
 * process per call instead, so a crash cannot hide the later tests).
 */
import { failed, scored, type Verdict, type Verifier, type VerifyContext } from '../../core/verdict.ts';
import type { CompiledProgram, CompileRequest, Limits, RunInput, RunResult } from '../../sandbox/index.ts';
import { type Comparison, compareCallResult, compareStdout } from './compare.ts';
import { extractCode } from './extract.ts';
import { callHarness, callPayload, parseHarnessOutput, SOLUTION_FILE } from './harness.ts';
import type { CodeTask } from './task.ts';

/** What the verifier needs from a sandbox: a SandboxPool or a Sandbox both fit. */
export interface CodeRunner {
  compileProgram(request: CompileRequest): Promise<{ result: RunResult; program?: CompiledProgram }>;
  runCompiled(program: CompiledProgram, input?: RunInput): Promise<RunResult>;
}

export interface CodeVerifierOptions {
  /** Stop at the first failing test, as LiveCodeBench does (default true); later tests are 'skipped'. */
  stopAtFirstFailure?: boolean;
  /** Characters of stdout/stderr/expected kept per test in details (default 500). */
  detailChars?: number;
  /** 0 (default): LiveCodeBench's exact decimal comparison; see compare.ts. */
  floatTolerance?: number;
  /** Memory per test run in MB (default 1024). */
  memoryMb?: number;
}

export type TestStatus =
  | 'passed'
  | 'wrong_answer'
  | 'timeout'
  | 'runtime_error'
  | 'memory'
  | 'output_limit'
  | 'skipped';

export interface TestReport {
  index: number;
  status: TestStatus;
  passed: boolean;
  wallMs: number;
  cpuMs: number | null;
  reason?: string;
  stdout?: string;
  stderr?: string;
  expected?: string;
}

interface PreparedTest {
  stdin: string;
  judge: (result: RunResult) => Comparison;
  expected: string;
  /** Call-based tests: the arguments, and how the returned value is judged. */
  call?: { args: unknown[]; judgeValue: (value: unknown) => Comparison };
}

export function createCodeVerifier(
  runner: CodeRunner,
  options: CodeVerifierOptions = {},
): Verifier<CodeTask> {
  const stopAtFirstFailure = options.stopAtFirstFailure ?? true;
  const detailChars = options.detailChars ?? 500;
  const cut = (text: string) => truncate(text, detailChars);

  return async (task: CodeTask, response: string, context: VerifyContext = {}): Promise<Verdict> => {
    const started = Date.now();
    const extraction = extractCode(response, task.language);
    if (extraction.code === null)
      return scored(0, false, extraction.reason, { language: task.language, extracted: false });

    const callSuite = Array.isArray(task.tests) ? undefined : task.tests;
    const callBased = callSuite !== undefined;
    const harness = callBased ? callHarness(task.language) : null;
    const compileRequest: CompileRequest =
      callBased && harness && task.language !== 'cpp'
        ? {
            language: task.language,
            source: harness,
            files: { [SOLUTION_FILE[task.language]]: extraction.code },
          }
        : { language: task.language, source: extraction.code };
    const tests = prepareTests(task, options.floatTolerance ?? 0);

    const compiled = await runner.compileProgram(compileRequest);
    if (compiled.result.status === 'sandbox_error') {
      return failed('error', `sandbox failed while compiling: ${compiled.result.reason}`, {
        language: task.language,
      });
    }
    if (!compiled.program) {
      return scored(0, false, `compile error: ${compiled.result.reason ?? 'failed'}`, {
        language: task.language,
        extracted: true,
        compile: { status: compiled.result.status, stderr: cut(compiled.result.stderr) },
      });
    }

    const program = compiled.program;
    const reports: TestReport[] = [];
    try {
      // CPU time is the limit; wall time gets slack so a loaded machine does not turn into spurious TLEs
      const limitMs = task.time_limit_s * 1000;
      const limits: Partial<Limits> = {
        cpuMs: limitMs,
        wallMs: limitMs * 2 + 1000,
        memoryMb: options.memoryMb ?? 1024,
      };
      const remainingMs = () =>
        context.timeoutMs === undefined
          ? Number.POSITIVE_INFINITY
          : context.timeoutMs - (Date.now() - started);
      if (callSuite && stopAtFirstFailure) {
        if (context.signal?.aborted)
          return failed('timeout', 'verification aborted by the caller', { tests: reports });
        if (remainingMs() <= 0)
          return failed('timeout', `verification ran past ${context.timeoutMs} ms before the tests`, {
            tests: reports,
          });
        // the whole run gets every test's budget; each call is then held to its own limit
        const cpuMs = limitMs * tests.length;
        const result = await runner.runCompiled(program, {
          stdin: callPayload(
            callSuite.fn_name,
            tests.map((test) => test.call!.args),
            limitMs,
          ),
          limits: { ...limits, cpuMs, wallMs: Math.max(1, Math.min(cpuMs * 2 + 1000, remainingMs())) },
        });
        if (result.status === 'sandbox_error')
          return failed('error', `sandbox failed running the tests: ${result.reason}`, { tests: reports });
        reports.push(...judgeCalls(result, tests, limitMs, cut));
      } else {
        for (const [index, test] of tests.entries()) {
          if (context.signal?.aborted)
            return failed('timeout', 'verification aborted by the caller', { tests: reports });
          const remaining = remainingMs();
          if (remaining <= 0) {
            return failed('timeout', `verification ran past ${context.timeoutMs} ms after ${index} tests`, {
              tests: reports,
            });
          }
          const wallMs = Math.max(1, Math.min(limits.wallMs!, remaining));
          const result = await runner.runCompiled(program, {
            stdin: test.stdin,
            limits: { ...limits, wallMs },
          });
          if (result.status === 'sandbox_error') {
            return failed('error', `sandbox failed on test ${index + 1}: ${result.reason}`, {
              tests: reports,
            });
          }
          const report = judgeTest(index, result, test, cut);
          reports.push(report);
          if (!report.passed && stopAtFirstFailure) break;
        }
      }
    } finally {
      await program.dispose();
    }

    for (let index = reports.length; index < tests.length; index++) {
      reports.push({ index, status: 'skipped', passed: false, wallMs: 0, cpuMs: null });
    }
    const passedCount = reports.filter((report) => report.passed).length;
    const details = {
      language: task.language,
      extracted: true,
      testsPassed: passedCount,
      testsTotal: tests.length,
      tests: reports,
    };
    if (passedCount === tests.length) return scored(1, true, `all ${tests.length} tests passed`, details);
    const firstFailure = reports.find((report) => !report.passed && report.status !== 'skipped')!;
    return scored(
      0,
      false,
      `test ${firstFailure.index + 1}/${tests.length}: ${firstFailure.reason}`,
      details,
    );
  };
}

function prepareTests(task: CodeTask, floatTolerance: number): PreparedTest[] {
  if (Array.isArray(task.tests)) {
    return task.tests.map((test) => ({
      stdin: test.input,
      expected: test.output,
      judge: (result) => compareStdout(result.stdout, test.output, { floatTolerance }),
    }));
  }
  const suite = task.tests;
  return suite.tests.map((test) => {
    const judgeValue = (value: unknown): Comparison => {
      const plain = compareCallResult(value, test.expected);
      const inner = Array.isArray(test.expected) && test.expected.length > 0 ? test.expected[0] : undefined;
      if (plain.passed || !suite.unwrap_expected || inner === undefined) return plain;
      return compareCallResult(value, inner);
    };
    return {
      stdin: callPayload(suite.fn_name, [test.args]),
      expected: JSON.stringify(test.expected),
      call: { args: test.args, judgeValue },
      judge: (result: RunResult) => {
        const line = parseHarnessOutput(result.stdout).get(0);
        return line && !line.timedOut
          ? judgeValue(line.value)
          : { passed: false, reason: 'the call printed no result' };
      },
    };
  });
}

/**
 * Reports for the calls of one harness run: each call with a result line is judged on its value and
 * its own CPU time; the first call without one takes the run's outcome (a crash, the time limit, the
 * memory limit); the calls after the first failure are left for the caller to mark skipped.
 */
function judgeCalls(
  result: RunResult,
  tests: PreparedTest[],
  limitMs: number,
  cut: (text: string) => string,
): TestReport[] {
  const lines = parseHarnessOutput(result.stdout);
  const output = { stdout: cut(result.stdout), stderr: cut(result.stderr) };
  const reports: TestReport[] = [];
  for (const [index, test] of tests.entries()) {
    const line = lines.get(index);
    const evidence = { ...output, expected: cut(test.expected) };
    if (!line) {
      // a run that ended cleanly without this call's line: the solution exited early, say
      if (result.status !== 'ok') reports.push(judgeTest(index, result, test, cut));
      else {
        const base = { index, wallMs: Math.round(result.wallMs), cpuMs: null };
        reports.push({
          ...base,
          status: 'wrong_answer',
          passed: false,
          reason: 'the call printed no result',
          ...evidence,
        });
      }
      return reports;
    }
    const base = { index, wallMs: Math.round(line.wallMs), cpuMs: Math.round(line.cpuMs) };
    if (line.timedOut || line.cpuMs > limitMs) {
      const reason = line.timedOut
        ? `time limit exceeded: the call ran past its ${limitMs} ms limit and was stopped`
        : `time limit exceeded: the call took ${Math.round(line.cpuMs)} ms of CPU, over ${limitMs} ms`;
      reports.push({ ...base, status: 'timeout', passed: false, reason, ...evidence });
      return reports;
    }
    const comparison = test.call!.judgeValue(line.value);
    if (!comparison.passed) {
      reports.push({
        ...base,
        status: 'wrong_answer',
        passed: false,
        reason: comparison.reason,
        ...evidence,
      });
      return reports;
    }
    reports.push({ ...base, status: 'passed', passed: true });
  }
  return reports;
}

function judgeTest(
  index: number,
  result: RunResult,
  test: PreparedTest,
  cut: (text: string) => string,
): TestReport {
  const base = {
    index,
    wallMs: Math.round(result.wallMs),
    cpuMs: result.cpuMs === null ? null : Math.round(result.cpuMs),
  };
  const evidence = { stdout: cut(result.stdout), stderr: cut(result.stderr), expected: cut(test.expected) };
  if (result.status !== 'ok') {
    const status: TestStatus =
      result.status === 'compile_error' ? 'runtime_error' : (result.status as TestStatus);
    const label = status === 'timeout' ? 'time limit exceeded' : status.replace('_', ' ');
    const lastError = status === 'runtime_error' ? lastLine(result.stderr) : '';
    const reason = `${label}: ${result.reason}${lastError ? ` (${truncate(lastError, 200)})` : ''}`;
    return { ...base, status, passed: false, reason, ...evidence };
  }
  const comparison = test.judge(result);
  if (comparison.passed) return { ...base, status: 'passed', passed: true };
  return { ...base, status: 'wrong_answer', passed: false, reason: comparison.reason, ...evidence };
}

function truncate(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}… [${text.length - limit} more chars]`;
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1)?.trim() ?? '';
}
