import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createMathPool } from './pool.ts';
import { mathTaskSchema } from './task.ts';
import { createMathVerifier, mathVerifier } from './verify.ts';

const run = promisify(execFile);
const slow = process.env.CASCADE_SLOW_TESTS
  ? false
  : 'set CASCADE_SLOW_TESTS=1 (starts a second node process, ~5 s)';
const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

describe('mathVerifier', { concurrency: true }, () => {
  it('scores a boxed answer after </think> 1, without a format reward', async () => {
    const verdict = await mathVerifier({ answer: '\\frac{1}{2}' }, '<think>hmm</think>So $\\boxed{0.5}$.');
    assert.deepEqual(
      { status: verdict.status, reward: verdict.reward, correct: verdict.correct },
      { status: 'scored', reward: 1, correct: true },
    );
    assert.deepEqual(
      { extracted: verdict.details.extracted, method: verdict.details.method, gold: verdict.details.gold },
      { extracted: '0.5', method: 'boxed', gold: '\\frac{1}{2}' },
    );
  });

  it('scores a wrong answer 0 with a reason naming both answers', async () => {
    const verdict = await mathVerifier({ answer: '7' }, '\\boxed{8}');
    assert.equal(verdict.reward, 0);
    assert.match(verdict.reason, /8.*7/);
  });

  it('checks a symbolic answer through a one-off worker', async () => {
    const verdict = await mathVerifier({ answer: '2i' }, 'The final answer is $(1+i)^2$.');
    assert.equal(verdict.reward, 1);
    assert.equal(verdict.details.path, 'symbolic');
  });

  it('works from a plain node process that registered tsx programmatically (the CLI path)', {
    skip: slow,
  }, async () => {
    const script = [
      "import { register } from 'tsx/esm/api';",
      'register();',
      "const { createMathPool } = await import('./src/verifiers/math/index.ts');",
      'const pool = createMathPool({ workers: 1, timeoutMs: 20000 });',
      "const verdict = await pool.verify({ answer: '-1' }, '\\\\boxed{e^{i\\\\pi}}');",
      'await pool.close();',
      'console.log(JSON.stringify(verdict));',
    ].join('\n');
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: repositoryRoot,
      timeout: 60000,
    });
    const verdict = JSON.parse(stdout.trim().split('\n').pop() ?? '{}');
    assert.equal(verdict.reward, 1);
    assert.equal(verdict.details.path, 'symbolic');
  });
});

describe('createMathVerifier', () => {
  it('is a Verifier over a pool the caller owns', async () => {
    const pool = createMathPool({ workers: 1 });
    try {
      const verify = createMathVerifier(pool);
      assert.equal((await verify({ answer: '3' }, 'x = \\boxed{3}')).reward, 1);
    } finally {
      await pool.close();
    }
  });
});

describe('mathTaskSchema', () => {
  it('accepts { answer } and rejects a missing answer', () => {
    assert.deepEqual(mathTaskSchema.parse({ answer: '5', problem: 'ignored' }), { answer: '5' });
    assert.equal(mathTaskSchema.safeParse({}).success, false);
  });
});
