import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Completion, SampleOptions, StepEngine } from '../core/engine.ts';
import { openSandbox, type RunRequest, type RunResult, type Sandbox } from '../sandbox/index.ts';
import { createByteTokenizer } from '../tokenizer/index.ts';
import { createPythonSession, STATEFUL_PYTHON_TOOL } from './python-session.ts';
import { runToolRollout } from './tool-rollout.ts';

const code = (source: string) => ({ name: STATEFUL_PYTHON_TOOL.function.name, arguments: { code: source } });

const result = (overrides: Partial<RunResult>): RunResult => ({
  status: 'ok',
  exitCode: 0,
  signal: null,
  stdout: '',
  stderr: '',
  wallMs: 1,
  cpuMs: null,
  maxRssKb: null,
  ...overrides,
});

/** A sandbox that records each request and answers from a function (no process runs). */
function fakeSandbox(answer: (cells: string[]) => Partial<RunResult>) {
  const requests: RunRequest[] = [];
  return {
    requests,
    cellsOf: (i: number) => JSON.parse(requests[i].stdin ?? '') as string[],
    async runProgram(request: RunRequest): Promise<RunResult> {
      requests.push(request);
      return result(answer(JSON.parse(request.stdin ?? '') as string[]));
    },
  };
}

describe('createPythonSession (bookkeeping, fake sandbox)', () => {
  it('sends the session history with every call, so the new cell runs after the earlier ones', async () => {
    const sandbox = fakeSandbox((cells) => ({ stdout: `${cells.length}\n` }));
    const session = createPythonSession(sandbox);
    assert.equal(await session.execute(code('x = 1')), '1\n');
    assert.equal(await session.execute(code('x + 1')), '2\n');
    assert.deepEqual(sandbox.cellsOf(1), ['x = 1', 'x + 1']);
    assert.equal(sandbox.requests[0].language, 'python');
    assert.equal(sandbox.requests[0].limits?.wallMs, 120_000, "the card's tool times out after 120 s");
  });

  it('keeps sessions apart: a second session starts from nothing', async () => {
    const sandbox = fakeSandbox(() => ({}));
    const a = createPythonSession(sandbox);
    const b = createPythonSession(sandbox);
    await a.execute(code('secret = 1'));
    await b.execute(code('print(secret)'));
    assert.deepEqual(sandbox.cellsOf(1), ['print(secret)']);
  });

  it('drops a cell the sandbox killed from the history and says why', async () => {
    const sandbox = fakeSandbox((cells) =>
      cells[cells.length - 1].startsWith('while')
        ? { status: 'timeout', exitCode: null, signal: 'SIGKILL', stdout: 'partial\n' }
        : cells[cells.length - 1].startsWith('huge')
          ? { status: 'output_limit', exitCode: null, reason: 'stdout over 1 MiB' }
          : {},
    );
    const session = createPythonSession(sandbox, { limits: { wallMs: 2000 } });
    await session.execute(code('x = 1'));
    assert.equal(
      await session.execute(code('while True: pass')),
      'partial\nExecution timed out after 2 seconds.',
    );
    assert.match(await session.execute(code('huge()')), /Execution failed: stdout over 1 MiB/);
    await session.execute(code('x'));
    assert.deepEqual(sandbox.cellsOf(3), ['x = 1', 'x']);
  });

  it('keeps a cell that raised (its effects before the error stay, as in a notebook)', async () => {
    const sandbox = fakeSandbox(() => ({
      status: 'runtime_error',
      exitCode: 0,
      stderr: 'ZeroDivisionError\n',
    }));
    const session = createPythonSession(sandbox);
    assert.equal(await session.execute(code('y = 2; 1/0')), 'ZeroDivisionError\n');
    await session.execute(code('y'));
    assert.deepEqual(sandbox.cellsOf(1), ['y = 2; 1/0', 'y']);
  });

  it('truncates long output to maxOutputChars and says so', async () => {
    const sandbox = fakeSandbox(() => ({ stdout: 'a'.repeat(5000) }));
    const text = await createPythonSession(sandbox, { maxOutputChars: 100 }).execute(code('print("a"*5000)'));
    assert.equal(text, `${'a'.repeat(100)}\n… (output truncated)`);
  });

  it('answers a wrong tool name or argument with an error for the model, running nothing', async () => {
    const sandbox = fakeSandbox(() => ({}));
    const session = createPythonSession(sandbox);
    assert.match(await session.execute({ name: 'bash', arguments: { code: 'ls' } }), /unknown tool "bash"/);
    assert.match(
      await session.execute({ name: 'stateful_python_code_exec', arguments: { code: 3 } }),
      /must be a string/,
    );
    assert.equal(sandbox.requests.length, 0);
  });

  it('ends with its rollout: once closed it forgets its cells and refuses to run', async () => {
    const tokenizer = createByteTokenizer();
    const sandbox = fakeSandbox(() => ({ stdout: '3\n' }));
    const session = createPythonSession(sandbox);
    const turns = [
      `</think>\n<tool_call>\n<function=stateful_python_code_exec>\n<parameter=code>\nprint(3)\n</parameter>\n</function>\n</tool_call>`,
      '</think>\\boxed{3}<|im_end|>',
    ].map((text) => tokenizer.encode(text));
    let call = 0;
    const engine = {
      name: 'scripted',
      async sample(_prompts: number[][], _options: SampleOptions): Promise<Completion[]> {
        const tokens = turns[call++];
        return [{ promptIndex: 0, tokens, logprobs: tokens.map(() => 0), finishReason: 'stop' }];
      },
    } as unknown as StepEngine;
    await runToolRollout({
      engine,
      tokenizer,
      family: 'cascade-v2',
      messages: [{ role: 'user', content: '1+2?' }],
      tools: [STATEFUL_PYTHON_TOOL],
      mode: 'think',
      executor: session,
      maxTurns: 3,
      maxNewTokensPerTurn: 200,
      maxTotalTokens: 2000,
      temperature: 1,
      topP: 1,
      seed: 1,
    });
    assert.equal(sandbox.requests.length, 1);
    await assert.rejects(session.execute(code('print(1)')), /ended with its rollout/);
  });
});

// The real thing: Python under bubblewrap (about 0.1 s a call; the timeout test waits 1.5 s).
describe('createPythonSession (bubblewrap sandbox)', { skip: !process.env.CASCADE_SLOW_TESTS }, () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await openSandbox();
  });
  after(async () => {
    await sandbox?.close();
  });

  it('keeps variables, imports and functions across calls and echoes a last expression', async () => {
    const session = createPythonSession(sandbox);
    assert.equal(await session.execute(code('import math\nx = 41\ndef f(v):\n    return v + 1')), '');
    assert.equal(await session.execute(code('print("side")\nf(x)')), 'side\n42\n');
    assert.equal(await session.execute(code('math.sqrt(f(x) + 7)')), '7.0\n');
    // earlier cells' output is not repeated on replay
    assert.equal(await session.execute(code('x * 2')), '82\n');
  });

  it('reports an exception like a notebook, keeping what ran before it', async () => {
    const session = createPythonSession(sandbox);
    assert.match(await session.execute(code('y = 5\n1 / 0')), /ZeroDivisionError: division by zero/);
    assert.equal(await session.execute(code('y')), '5\n');
  });

  it('isolates sessions from each other', async () => {
    const a = createPythonSession(sandbox);
    const b = createPythonSession(sandbox);
    await a.execute(code('secret = 123'));
    assert.match(await b.execute(code('print(secret)')), /NameError: name 'secret' is not defined/);
    assert.equal(await a.execute(code('secret')), '123\n');
  });

  it('times out a cell, and the session goes on without it', async () => {
    const session = createPythonSession(sandbox, { limits: { wallMs: 1500 } });
    await session.execute(code('z = 9'));
    const started = performance.now();
    assert.match(
      await session.execute(code('while True:\n    pass')),
      /Execution timed out after 1.5 seconds\.$/,
    );
    assert.ok(performance.now() - started < 10_000);
    assert.equal(await session.execute(code('z + 1')), '10\n');
  });

  it('truncates long output', async () => {
    const session = createPythonSession(sandbox, { maxOutputChars: 50 });
    const text = await session.execute(code('print("b" * 10000)'));
    assert.equal(text, `${'b'.repeat(50)}\n… (output truncated)`);
  });
});
