/**
 * LiveCodeBench code generation (livecodebench/code_generation_lite `test*.jsonl`), scored by the
 * code verifier in the sandbox: every public and private test must pass (6 s per test, as LCB).
 *
 * Field mapping:
 * - id: `question_id`; prompt: `question_content` (+ `starter_code` when not empty)
 * - tests: `public_test_cases` + `private_test_cases`, each a JSON list of `{input, output, testtype}`
 *   (or already a list). `private_test_cases` in the release files is base64(zlib(pickle(JSON
 *   text))): supported when the pickle holds one string (pickle-string.ts); other pickles fail
 *   with the opcode named.
 * - `testtype: "stdin"`: the program reads `input` and must print `output`.
 * - `testtype: "functional"`: call `metadata.func_name` (a method of `class Solution`) with one
 *   JSON argument per line of `input`; it must return the JSON value `output`.
 * A problem mixing both kinds is rejected. Pick the release window by which files you put in the
 * folder (test.jsonl … test6.jsonl are the increments v1 … v6).
 */
import { CascadeError } from '../../core/errors.ts';
import { type CodeTask, codeTaskSchema } from '../../verifiers/code/index.ts';
import { scoringText } from '../generator.ts';
import { binarySummary } from './binary-summary.ts';
import { assertUniqueIds, parseTask, pick, textField } from './fields.ts';
import { readAllRows, type SourceRow } from './files.ts';
import { decodePackedTests } from './pickle-string.ts';
import type { EvalItem, Suite } from './suite.ts';

interface LcbTest {
  input: string;
  output: string;
  testtype: string;
}

const fence = '```';

export function lcbPrompt(question: string, starterCode: string): string {
  if (starterCode.trim() === '') {
    return `${question}\n\nWrite a Python 3 program that reads the input from standard input and prints the answer to standard output. Do not hard-code the sample cases. End your answer with the complete program in one ${fence}python code block.`;
  }
  return `${question}\n\nComplete this starter code, keeping the class and method signature, and end your answer with the complete solution in one ${fence}python code block.\n${fence}python\n${starterCode}\n${fence}`;
}

/** A test list that is JSON text, packed text, or already a list. */
export function readTestList(value: unknown, where: string): LcbTest[] {
  let list: unknown = value;
  if (typeof value === 'string') {
    const text = value.trimStart().startsWith('[') ? value : decodePackedTests(value, where);
    try {
      list = JSON.parse(text);
    } catch (error) {
      throw new CascadeError('eval_data', `test cases are not valid JSON: ${(error as Error).message}`, {
        where,
      });
    }
  }
  if (value === undefined || value === null) return [];
  if (!Array.isArray(list)) throw new CascadeError('eval_data', 'test cases must be a list', { where });
  return list.map((test, index) => {
    const entry = test as Partial<LcbTest>;
    if (typeof entry.input !== 'string' || typeof entry.output !== 'string') {
      throw new CascadeError('eval_data', `test ${index} needs string input and output`, { where });
    }
    return { input: entry.input, output: entry.output, testtype: entry.testtype ?? 'stdin' };
  });
}

function parseJsonValue(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new CascadeError('eval_data', `functional test value is not JSON: ${text.slice(0, 80)}`, { where });
  }
}

/** LCB's tests as the code verifier's task input. */
export function lcbTaskInput(source: SourceRow): unknown {
  const where = source.where;
  const tests = [
    ...readTestList(source.row.public_test_cases, `${where} public_test_cases`),
    ...readTestList(source.row.private_test_cases, `${where} private_test_cases`),
  ];
  if (tests.length === 0) throw new CascadeError('eval_data', 'the problem has no test cases', { where });
  const kinds = new Set(tests.map((test) => test.testtype));
  if (kinds.size > 1)
    throw new CascadeError('eval_data', `mixed test types ${[...kinds].join(', ')}`, { where });
  if (kinds.has('stdin'))
    return {
      language: 'python',
      tests: tests.map(({ input, output }) => ({ input, output })),
      time_limit_s: 6,
    };
  if (!kinds.has('functional'))
    throw new CascadeError('eval_data', `unknown testtype ${[...kinds][0]}`, { where });
  const metadata =
    typeof source.row.metadata === 'string'
      ? parseJsonValue(source.row.metadata, where)
      : source.row.metadata;
  const fnName = (metadata as { func_name?: unknown } | undefined)?.func_name;
  if (typeof fnName !== 'string')
    throw new CascadeError('eval_data', 'functional tests need metadata.func_name', { where });
  return {
    language: 'python',
    tests: {
      fn_name: fnName,
      tests: tests.map((test) => ({
        args: test.input
          .split('\n')
          .filter((line) => line.trim() !== '')
          .map((line) => parseJsonValue(line, where)),
        expected: parseJsonValue(test.output, where),
      })),
    },
    time_limit_s: 6,
  };
}

export const livecodebenchSuite: Suite<CodeTask> = {
  name: 'livecodebench',
  title: 'LiveCodeBench',
  domain: 'code',
  headline: 'accuracy',
  async load(dir) {
    const items: EvalItem<CodeTask>[] = (await readAllRows(dir)).map((source) => {
      const starter = pick(source, ['starter_code']);
      return {
        id: textField(source, ['question_id']),
        where: source.where,
        task: parseTask(codeTaskSchema, lcbTaskInput(source), source.where),
        messages: [
          {
            role: 'user',
            content: lcbPrompt(
              textField(source, ['question_content']),
              typeof starter === 'string' ? starter : '',
            ),
          },
        ],
      };
    });
    assertUniqueIds(items, 'livecodebench');
    return items;
  },
  prompt: (item) => ({ messages: item.messages }),
  score: (item, completion, verify, context) => verify(item.task, scoringText(completion), context),
  summarize: (_items, verdicts) => binarySummary(verdicts),
};
