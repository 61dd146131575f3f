// Cases follow SWE-RL's tests/test_reward.py; the partial-similarity values were computed once with
// SWE-RL's reward.py (Python 3.11) on the same files.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sweTaskSchema } from './task.ts';
import { createSweVerifier, type SemanticJudgeContext, sweVerifier } from './verifier.ts';

const FILE_A = 'def add(a, b):\n    return a + b\n\ndef subtract(a, b):\n    return a - b';
const FILE_B = 'def sort_list(lst):\n    return sorted(lst)';

const GOLD_PATCH = [
  'diff --git a/a.py b/a.py',
  'index 1111111..2222222 100644',
  '--- a/a.py',
  '+++ b/a.py',
  '@@ -1,5 +1,5 @@',
  '-def add(a, b):',
  '+def add(a: int, b: int) -> int:',
  '     return a + b',
  ' ',
  '-def subtract(a, b):',
  '+def subtract(a: float, b: float) -> float:',
  '     return a - b',
  '\\ No newline at end of file',
  'diff --git a/b.py b/b.py',
  'index 3333333..4444444 100644',
  '--- a/b.py',
  '+++ b/b.py',
  '@@ -1,2 +1,2 @@',
  '-def sort_list(lst):',
  '+def sort_list(lst: list[int]) -> list[int]:',
  '     return sorted(lst)',
  '\\ No newline at end of file',
  '',
].join('\n');

const task = (extra: Record<string, unknown> = {}) =>
  sweTaskSchema.parse({
    original_files: { 'a.py': FILE_A, 'b.py': FILE_B },
    gold_patch: GOLD_PATCH,
    ...extra,
  });

const FENCE = '```';

const block = (path: string, search: string, replace: string, fence = `${FENCE}python`) =>
  [fence, `### ${path}`, '<<<<<<< SEARCH', search, '=======', replace, '>>>>>>> REPLACE', FENCE].join('\n');

const wrap = (solution: string) => `<think>\ndummy\n</think>\n<solution>\n${solution}\n</solution>\n`;

const FULL_FIX = wrap(
  [
    block('a.py', 'def add(a, b):', 'def add(a: int, b: int) -> int:', FENCE),
    block('a.py', 'def subtract(a, b):', 'def subtract(a: float, b: float) -> float:'),
    block('b.py', 'def sort_list(lst):', 'def sort_list(lst: list[int]) -> list[int]:', `${FENCE}diff`),
  ].join('\n\n'),
);

describe('sweVerifier (lexical)', () => {
  it('multi-file SEARCH/REPLACE identical to the gold scores 1 (test_multifile_edit)', async () => {
    const verdict = await sweVerifier(task(), FULL_FIX);
    assert.deepEqual([verdict.status, verdict.reward, verdict.correct], ['scored', 1, true]);
    assert.equal(verdict.details.format, 'search-replace');
  });

  it('the strict SWE-RL format accepts the same response', async () => {
    assert.equal((await sweVerifier(task({ strict_format: true }), FULL_FIX)).reward, 1);
  });

  it('a new file plus one right file averages over the union of paths: 1/3 (test_new_file)', async () => {
    const response = wrap(
      [
        block('c.py', '', '# dummy', FENCE),
        block('c.py', '# dummy', 'print("hello")', FENCE),
        block('b.py', 'def sort_list(lst):', 'def sort_list(lst: list[int]) -> list[int]:', FENCE),
      ].join('\n\n'),
    );
    const verdict = await sweVerifier(task(), response);
    assert.equal(verdict.reward, 1 / 3);
    assert.equal(verdict.correct, false);
  });

  it('an unrelated change scores 0 similarity (test_zero_reward)', async () => {
    const verdict = await sweVerifier(task(), wrap(block('c.py', '', '# dummy', FENCE)));
    assert.deepEqual([verdict.status, verdict.reward], ['scored', 0]);
    assert.equal(verdict.details.lexical_similarity, 0);
  });

  it('partial similarity is SequenceMatcher.ratio averaged over files (values from SWE-RL reward.py)', async () => {
    const partialA = block('a.py', 'def add(a, b):', 'def add(a: int, b: int):');
    const rightB = block('b.py', 'def sort_list(lst):', 'def sort_list(lst: list[int]) -> list[int]:');
    assert.equal((await sweVerifier(task(), wrap(`${partialA}\n${rightB}`))).reward, 0.8584905660377358);
    assert.equal((await sweVerifier(task(), wrap(partialA))).reward, 0.3584905660377358);
  });

  it('unparseable output scores −1 (test_failed_parse)', async () => {
    const noSolution = '\n<think>\ndummy\n</think>\n<solution>\n';
    const unterminated = [
      '<think>\ndummy\n</think>\n<solution>',
      FENCE,
      '### a.py',
      '<<<<<<< SEARCH',
      'return a + b',
      '=======',
      'return a - b',
      FENCE,
      '</solution>',
    ].join('\n');
    for (const response of [noSolution, unterminated]) {
      for (const strict of [true, false]) {
        const verdict = await sweVerifier(task({ strict_format: strict }), response);
        assert.deepEqual([verdict.status, verdict.reward, verdict.correct], ['scored', -1, false]);
      }
    }
  });

  it('a search block that is not found, or equals its replacement, scores −1', async () => {
    const unindented = block('a.py', 'return a + b', 'return b + a'); // not at a line start
    assert.equal((await sweVerifier(task(), wrap(unindented))).reward, -1);
    const same = block('a.py', 'def add(a, b):', 'def add(a, b):');
    const verdict = await sweVerifier(task(), wrap(same));
    assert.equal(verdict.reward, -1);
    assert.match(verdict.reason, /identical/);
  });

  it('strict format: two <think> tags or an empty thought is −1; lenient reads after </think>', async () => {
    const twoThinks = `<think>a</think><think>b</think>${FULL_FIX}`;
    assert.equal((await sweVerifier(task({ strict_format: true }), twoThinks)).reward, -1);
    const emptyThought = FULL_FIX.replace('dummy', '  ');
    assert.equal((await sweVerifier(task({ strict_format: true }), emptyThought)).reward, -1);
    assert.equal((await sweVerifier(task(), emptyThought)).reward, 1);
  });

  it('an unclosed <think> is unparseable (−1) in lenient mode', async () => {
    assert.equal((await sweVerifier(task(), '<think>still thinking')).reward, -1);
  });

  it('edits that cancel out leave the code unchanged: reward 0, not −1', async () => {
    const there = block('b.py', 'def sort_list(lst):', 'def sort_list(items):');
    const back = block('b.py', 'def sort_list(items):', 'def sort_list(lst):');
    const verdict = await sweVerifier(task(), wrap(`${there}\n${back}`));
    assert.deepEqual([verdict.reward, verdict.correct], [0, false]);
    assert.match(verdict.reason, /unchanged/);
  });

  it('replaces every occurrence of the search text, as str.replace does', async () => {
    const files = { 'x.py': 'x = 1\ny = 2\nx = 1\n' };
    const gold = '--- a/x.py\n+++ b/x.py\n@@ -1,3 +1,3 @@\n-x = 1\n+x = 3\n y = 2\n-x = 1\n+x = 3\n';
    const oneBlock = wrap(block('x.py', 'x = 1', 'x = 3'));
    const verdict = await sweVerifier(
      sweTaskSchema.parse({ original_files: files, gold_patch: gold }),
      oneBlock,
    );
    assert.equal(verdict.reward, 1);
  });

  it('accepts a unified diff as the model edit, with wrong hunk counts and shifted line numbers', async () => {
    const diff = [
      `${FENCE}diff`,
      '--- a/b.py',
      '+++ b/b.py',
      '@@ -7,3 +7,3 @@',
      '-def sort_list(lst):',
      '+def sort_list(lst: list[int]) -> list[int]:',
      '     return sorted(lst)',
      FENCE,
    ].join('\n');
    const verdict = await sweVerifier(task(), `<think>x</think>\n${diff}`);
    assert.equal(verdict.details.format, 'unified-diff');
    // b.py matches the gold exactly, a.py is missing: (1 + 0) / 2
    assert.equal(verdict.reward, 0.5);
  });

  it('a unified diff whose hunk matches nothing scores −1', async () => {
    const diff = '--- a/b.py\n+++ b/b.py\n@@ -1,1 +1,1 @@\n-def nothing_here():\n+def other():\n';
    assert.equal((await sweVerifier(task(), diff)).reward, -1);
  });

  it('a gold patch that does not apply is a task error, never a reward', async () => {
    const badGold = '--- a/a.py\n+++ b/a.py\n@@ -1 +1 @@\n-nope\n+yes\n';
    const verdict = await sweVerifier(task({ gold_patch: badGold }), FULL_FIX);
    assert.deepEqual([verdict.status, verdict.reward, verdict.correct], ['error', 0, false]);
    assert.match(verdict.reason, /gold_patch/);
  });
});

describe('createSweVerifier with a semantic judge', () => {
  const partial = wrap(block('a.py', 'def add(a, b):', 'def add(a: int, b: int):'));

  it('uses P(YES) from the judge when the change is neither identical nor empty', async () => {
    const seen: SemanticJudgeContext[] = [];
    const verify = createSweVerifier({
      semanticJudge: async (context) => {
        seen.push(context);
        return 0.7;
      },
    });
    const verdict = await verify(task({ problem_statement: 'add type hints' }), partial);
    assert.deepEqual([verdict.status, verdict.reward, verdict.correct], ['scored', 0.7, false]);
    assert.equal(seen.length, 1);
    assert.equal(seen[0].problemStatement, 'add type hints');
    assert.ok(seen[0].predictedPatch.startsWith('--- a/a.py\n+++ b/a.py\n@@ -1,4 +1,4 @@\n-def add(a, b):'));
    assert.ok(seen[0].goldPatch.includes('+++ b/b.py'));
  });

  it('is not consulted for an identical change (1), no change (0) or a parse failure (−1)', async () => {
    let calls = 0;
    const verify = createSweVerifier({
      semanticJudge: async () => {
        calls += 1;
        return 0.5;
      },
    });
    assert.equal((await verify(task(), FULL_FIX)).reward, 1);
    assert.equal((await verify(task(), 'no edit here')).reward, -1);
    const there = block('b.py', 'def sort_list(lst):', 'def sort_list(items):');
    const back = block('b.py', 'def sort_list(items):', 'def sort_list(lst):');
    assert.equal((await verify(task(), wrap(`${there}\n${back}`))).reward, 0);
    assert.equal(calls, 0);
  });

  it('a judge that throws or answers outside [0, 1] gives an error verdict', async () => {
    const throwing = createSweVerifier({
      semanticJudge: async () => {
        throw new Error('judge down');
      },
    });
    const thrown = await throwing(task(), partial);
    assert.deepEqual([thrown.status, thrown.reward], ['error', 0]);
    const outOfRange = createSweVerifier({ semanticJudge: async () => 1.5 });
    assert.equal((await outOfRange(task(), partial)).status, 'error');
  });
});
