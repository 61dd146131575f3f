/**
 * Converts the test formats code datasets ship into a CodeTask row: APPS/TACO/CodeContests
 * `input_output` (`{inputs, outputs, fn_name?}`, often as a JSON string) and LiveCodeBench test lists
 * (`[{input, output, testtype: 'stdin'|'functional'}]`, functional inputs one JSON value per line).
 */
import { CascadeError } from '../../core/errors.ts';
import { type CodeTask, type CodeTaskInput, codeTaskSchema } from './task.ts';

type CodeLanguage = CodeTask['language'];

export interface InputOutputRecord {
  inputs: unknown[];
  outputs: unknown[];
  fn_name?: string;
}

export function codeTaskFromInputOutput(
  record: InputOutputRecord | string,
  language: CodeLanguage,
  timeLimitS?: number,
): CodeTask {
  const io = typeof record === 'string' ? (parseJson(record, 'input_output') as InputOutputRecord) : record;
  if (!Array.isArray(io.inputs) || !Array.isArray(io.outputs) || io.inputs.length !== io.outputs.length) {
    throw new CascadeError('code_bad_tests', 'inputs and outputs must be lists of the same length', {
      where: 'input_output',
    });
  }
  const row: CodeTaskInput = io.fn_name
    ? {
        language,
        tests: {
          fn_name: io.fn_name,
          // TACO/APPS call inputs are the argument list; expected values are wrapped in a one-element list
          tests: io.inputs.map((args, index) => ({ args: asArgs(args, index), expected: io.outputs[index] })),
          unwrap_expected: true,
        },
      }
    : {
        language,
        tests: io.inputs.map((input, index) => ({
          input: joinLines(input),
          output: joinLines(io.outputs[index]),
        })),
      };
  return codeTaskSchema.parse(timeLimitS === undefined ? row : { ...row, time_limit_s: timeLimitS });
}

export interface LiveCodeBenchTest {
  input: string;
  output: string;
  testtype: 'stdin' | 'functional';
}

export function codeTaskFromLiveCodeBench(
  tests: LiveCodeBenchTest[],
  language: CodeLanguage,
  fnName?: string,
  timeLimitS?: number,
): CodeTask {
  const functional = tests.some((test) => test.testtype === 'functional');
  if (functional && !fnName) {
    throw new CascadeError('code_bad_tests', 'functional tests need the function name (metadata.func_name)', {
      where: 'tests',
    });
  }
  const row: CodeTaskInput = functional
    ? {
        language,
        tests: {
          fn_name: fnName!,
          tests: tests.map((test, index) => ({
            // one JSON value per line, each a positional argument (LiveCodeBench grade_call_based)
            args: test.input.split('\n').map((line) => parseJson(line, `tests[${index}].input`)),
            expected: parseJson(test.output, `tests[${index}].output`),
          })),
        },
      }
    : { language, tests: tests.map((test) => ({ input: test.input, output: test.output })) };
  return codeTaskSchema.parse(timeLimitS === undefined ? row : { ...row, time_limit_s: timeLimitS });
}

/** Some datasets store a test's stdin or stdout as a list of lines. */
function joinLines(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(String).join('\n');
  return JSON.stringify(value);
}

function asArgs(value: unknown, index: number): unknown[] {
  if (!Array.isArray(value)) {
    throw new CascadeError('code_bad_tests', 'call inputs must be argument lists', {
      where: `inputs[${index}]`,
    });
  }
  return value;
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CascadeError('code_bad_tests', `not JSON: ${text.slice(0, 80)}`, { where, cause: error });
  }
}
