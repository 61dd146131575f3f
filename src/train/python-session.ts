/**
 * The Cascade 2 card's `stateful_python_code_exec` tool: Python whose variables, imports and
 * definitions persist across the calls of one rollout, run in the sandbox. The sandbox runs one
 * process per call, so state is kept by replay: each call re-runs the session's earlier cells with
 * their output discarded, then the new cell, whose output (and the value of a final expression, as
 * in a notebook) is the tool's answer. Replay assumes earlier cells are deterministic (no clocks,
 * randomness without a seed, or files written outside the scratch folder) and costs each call the
 * time of every earlier cell. One session per rollout; nothing is shared between sessions.
 */
import { CascadeError } from '../core/errors.ts';
import type { ParsedToolCall, ToolDefinition } from '../core/messages.ts';
import type { Limits, Sandbox } from '../sandbox/index.ts';
import type { ToolExecutor } from './tool-rollout.ts';

export const STATEFUL_PYTHON_TOOL: ToolDefinition = {
  type: 'function',
  function: {
    name: 'stateful_python_code_exec',
    description:
      'Call this function to execute Python code in a stateful Jupyter notebook environment. Python will respond with the output of the execution or time out after 120.0 seconds.',
    parameters: {
      type: 'object',
      properties: { code: { type: 'string', description: 'Code to execute' } },
      required: ['code'],
    },
  },
};

// Reads the cells as JSON on stdin; replays all but the last silently, then runs the last one.
const DRIVER = `
import ast, contextlib, io, json, sys, traceback
cells = json.loads(sys.stdin.read())
env = {"__name__": "__main__"}
def run(source, echo):
    tree = ast.parse(source, "<cell>")
    last = None
    if tree.body and isinstance(tree.body[-1], ast.Expr):
        last = ast.Expression(tree.body.pop().value)
    exec(compile(tree, "<cell>", "exec"), env)
    if last is not None:
        value = eval(compile(last, "<cell>", "eval"), env)
        if echo and value is not None:
            print(repr(value))
for source in cells[:-1]:
    sink = io.StringIO()
    try:
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            run(source, False)
    except BaseException:
        pass
try:
    run(cells[-1], True)
except SystemExit:
    pass
except BaseException:
    kind, value, _ = sys.exc_info()
    print("".join(traceback.format_exception_only(kind, value)).rstrip(), file=sys.stderr)
`;

export interface PythonSessionOptions {
  /** Per call; the card's tool times out after 120 s. */
  limits?: Partial<Limits>;
  /** Longest answer given back to the model, in characters. */
  maxOutputChars?: number;
}

/** Cells that ran to an end (output or a Python exception) are replayed; anything else would fail again. */
const REPLAYABLE = new Set(['ok', 'runtime_error']);

export function createPythonSession(
  sandbox: Pick<Sandbox, 'runProgram'>,
  options: PythonSessionOptions = {},
): ToolExecutor {
  const cells: string[] = [];
  const maxChars = options.maxOutputChars ?? 4000;
  const limits = { wallMs: 120_000, ...options.limits };
  let closed = false;
  return {
    async close(): Promise<void> {
      closed = true;
      cells.length = 0;
    },
    async execute(call: ParsedToolCall): Promise<string> {
      if (closed)
        throw new CascadeError('train.python-session', 'this Python session ended with its rollout');
      if (call.name !== STATEFUL_PYTHON_TOOL.function.name)
        return `Error: unknown tool "${call.name}"; the only tool is ${STATEFUL_PYTHON_TOOL.function.name}`;
      const code = call.arguments.code;
      if (typeof code !== 'string') return 'Error: the argument "code" must be a string';
      cells.push(code);
      const result = await sandbox.runProgram({
        language: 'python',
        source: DRIVER,
        stdin: JSON.stringify(cells),
        limits,
      });
      // a cell the sandbox killed (time, memory, output) would be killed again on every replay
      if (!REPLAYABLE.has(result.status)) cells.pop();
      const output = `${result.stdout}${result.stderr}`;
      const text =
        result.status === 'timeout'
          ? `${output}Execution timed out after ${limits.wallMs / 1000} seconds.`
          : result.status === 'ok' || result.status === 'runtime_error'
            ? output
            : `${output}Execution failed: ${result.reason ?? result.status}`;
      return text.length > maxChars ? `${text.slice(0, maxChars)}\n… (output truncated)` : text;
    },
  };
}
