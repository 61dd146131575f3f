/** Per-domain checks written from what each task means, independent of how it was generated. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  chatRubric,
  generateChat,
  generateMath,
  generateMcq,
  generatePreference,
  generateSwe,
  searchReplaceBlock,
  wholeFileDiff,
} from './index.ts';

/** What each kind of clause does to the count, as the story's words say. */
const CLAUSE_RULES: [RegExp, (total: number, numbers: number[]) => number][] = [
  [/^buys (\d+) bags of (\d+)$/, (total, [bags, each]) => total + bags * each],
  [/^(?:buys|finds|gets) (\d+)$/, (total, [amount]) => total + amount],
  [/^(?:loses|sells|gives away) (\d+)$/, (total, [amount]) => total - amount],
  [/^doubles them$/, (total) => total * 2],
];

/** Reads a story the way a person would: start, then each clause in order. */
function solveStory(prompt: string): number {
  const match = /^\w+ has (\d+) \w+\. (?:He|She) (.+)\. How many \w+ now\?$/.exec(prompt);
  assert.ok(match, `unreadable story: ${prompt}`);
  let total = Number(match[1]);
  for (const clause of match[2].split(/, | and /)) {
    const rule = CLAUSE_RULES.find(([pattern]) => pattern.test(clause));
    assert.ok(rule, `unknown clause "${clause}" in ${prompt}`);
    const numbers = (rule[0].exec(clause) ?? []).slice(1).map(Number);
    total = rule[1](total, numbers);
    assert.ok(total >= 0, `negative count in ${prompt}`);
  }
  return total;
}

test('math: the gold answer is what the story adds up to, and the working is true arithmetic', () => {
  const items = generateMath({ seed: 2, count: 300, split: 'train' });
  for (const item of items) {
    const prompt = item.messages[0].content ?? '';
    const total = solveStory(prompt);
    assert.equal(item.task.answer, String(total), prompt);
    assert.equal(item.reference.answer, `\\boxed{${total}}`);
    const equations = (item.reference.reasoning ?? '').split(' ');
    for (const equation of equations) {
      const parts = /^(\d+)([+\-*])(\d+)=(\d+)\.$/.exec(equation);
      assert.ok(parts, `bad working step ${equation}`);
      const [a, op, b, result] = [Number(parts[1]), parts[2], Number(parts[3]), Number(parts[4])];
      assert.equal(op === '+' ? a + b : op === '-' ? a - b : a * b, result, equation);
    }
    assert.ok(equations.at(-1)?.endsWith(`=${total}.`), 'the last step gives the answer');
  }
  const stepsByLevel = (level: string) =>
    items
      .filter((item) => item.difficulty === level)
      .map((item) => (item.messages[0].content ?? '').split(/, | and /).length);
  assert.ok(stepsByLevel('easy').every((clauses) => clauses === 1));
  assert.ok(stepsByLevel('medium').every((clauses) => clauses === 2));
  assert.ok(stepsByLevel('hard').every((clauses) => clauses === 3));
});

test('mcq: the gold letter marks the one right option', () => {
  for (const item of generateMcq({ seed: 4, count: 150, split: 'train' })) {
    const [stem, ...lines] = (item.messages[0].content ?? '').split('\n');
    assert.deepEqual(
      lines.map((line) => line.slice(0, 3)),
      ['A) ', 'B) ', 'C) ', 'D) '],
    );
    const options = lines.map((line) => line.slice(3));
    assert.equal(new Set(options).size, 4, 'options are distinct');
    const chosen = options['ABCD'.indexOf(item.task.answer)];
    const sum = /^What is (\d+)\+(\d+)(?:-(\d+))?\?$/.exec(stem);
    if (sum) assert.equal(Number(chosen), Number(sum[1]) + Number(sum[2]) - Number(sum[3] ?? 0), stem);
    else assert.match(stem, /^Which is an? (fruit|animal|color|vehicle|tool)\?$/);
    assert.equal(item.reference.answer, `The answer is ${item.task.answer}.`);
  }
});

test('chat rubric: the reference is correct and concise, padding halves it, a wrong fact scores 0', () => {
  const items = generatePreference({ seed: 1, count: 60, split: 'train' });
  for (const item of items) {
    assert.deepEqual(chatRubric(item, item.reference.answer), { correct: true, concise: true, score: 1 });
    assert.equal(
      chatRubric(item, `<think>${item.reference.reasoning}</think>${item.reference.answer}`).score,
      1,
    );
    assert.equal(chatRubric(item, `<think>${item.reference.reasoning}`).score, 0, 'unfinished thinking');
    const verbose = item.pairs.find((pair) => pair.flaw === 'verbose')!;
    assert.equal(chatRubric(item, verbose.rejected).score, 0.5);
    for (const pair of item.pairs.filter((candidate) => candidate.flaw !== 'verbose'))
      assert.equal(chatRubric(item, pair.rejected).correct, false, `${pair.prompt} → ${pair.rejected}`);
  }
});

test('chat: verboseRate pads that share of references without changing which prompts are drawn', () => {
  const plain = generateChat({ seed: 9, count: 100, split: 'train' });
  const padded = generateChat({ seed: 9, count: 100, split: 'train', verboseRate: 0.5 });
  assert.deepEqual(
    padded.map((item) => item.messages),
    plain.map((item) => item.messages),
  );
  const changed = padded.filter(
    (item, index) => item.reference.answer !== plain[index].reference.answer,
  ).length;
  assert.ok(changed > 30 && changed < 70, `${changed} of 100 padded`);
  assert.ok(plain.every((item) => chatRubric(item, item.reference.answer).score === 1));
});

test('swe: the gold patch is a whole-file unified diff and the edit a SWE-RL SEARCH/REPLACE block', () => {
  assert.equal(
    wholeFileDiff(
      'calc.py',
      'def f(a, b):\n    return a - b\n\ndef g(x):\n    return x\n',
      'def f(a, b):\n    return a + b\n\ndef g(x):\n    return x\n',
    ),
    '--- a/calc.py\n+++ b/calc.py\n@@ -1,5 +1,5 @@\n def f(a, b):\n-    return a - b\n+    return a + b\n \n def g(x):\n     return x\n',
  );
  assert.equal(
    searchReplaceBlock('calc.py', '    return a - b', '    return a + b'),
    '```python\n### calc.py\n<<<<<<< SEARCH\n    return a - b\n=======\n    return a + b\n>>>>>>> REPLACE\n```',
  );
  for (const item of generateSwe({ seed: 1, count: 100, split: 'train' })) {
    const file = item.task.original_files[item.path];
    const lines = file.trimEnd().split('\n');
    assert.ok(lines.length >= 5 && lines.length <= 7, `${lines.length} lines`);
    assert.ok(item.messages[0].content?.includes(file), 'the prompt shows the file');
    assert.ok(item.messages[0].content?.includes(item.task.problem_statement));
    assert.match(item.task.problem_statement, new RegExp(`${item.fileTests.tests.fn_name}\\(`));
  }
});

test('swe: a function always lives in the same file, and every file holds several functions', () => {
  const fileOf = new Map<string, Set<string>>();
  for (const item of generateSwe({ seed: 2, count: 400, split: 'train' })) {
    const files = fileOf.get(item.fileTests.tests.fn_name) ?? new Set();
    files.add(item.path);
    fileOf.set(item.fileTests.tests.fn_name, files);
  }
  assert.ok(fileOf.size >= 25, `${fileOf.size} function names`);
  for (const [name, files] of fileOf) assert.equal(files.size, 1, `${name} is in ${[...files]}`);
  const perFile = new Map<string, number>();
  for (const [, files] of fileOf) for (const file of files) perFile.set(file, (perFile.get(file) ?? 0) + 1);
  assert.ok(
    perFile.size >= 5 && [...perFile.values()].every((count) => count >= 3),
    JSON.stringify([...perFile]),
  );
});
