/**
 * The synthetic task suites (src/data/tasks) against the real verifiers: rows parse with each
 * verifier's schema, every teacher reference earns full reward, and a corrupted or plain answer
 * does not. It lives here, not beside the suites, because data/ may not import verifiers/.
 * The sandboxed code checks run under CASCADE_SLOW_TESTS.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Verdict } from '../../src/core/verdict.ts';
import {
  generateCode,
  generateIfeval,
  generateMath,
  generateMcq,
  generatePreference,
  generateSwe,
  plainIfevalAnswer,
  TASK_SUITES,
  type TaskDomain,
} from '../../src/data/tasks/index.ts';
import { createSandboxPool } from '../../src/sandbox/index.ts';
import {
  codeTaskSchema,
  createCodeVerifier,
  ifevalVerifier,
  instructionTaskSchema,
  mathTaskSchema,
  mathVerifier,
  mcqTaskSchema,
  mcqVerifier,
  preferenceTaskSchema,
  sweTaskSchema,
  sweVerifier,
} from '../../src/verifiers/index.ts';
import { applySearchReplace, parseSearchReplace } from '../../src/verifiers/swe/index.ts';

const slow = process.env.CASCADE_SLOW_TESTS
  ? false
  : 'set CASCADE_SLOW_TESTS=1 to run the sandboxed code checks';
const thinking = (reasoning: string | undefined, answer: string) =>
  `<think>${reasoning ?? ''}</think>${answer}`;

const SCHEMAS: Record<TaskDomain, { safeParse(row: unknown): { success: boolean; error?: unknown } }> = {
  chat: preferenceTaskSchema,
  preference: preferenceTaskSchema,
  ifeval: instructionTaskSchema,
  math: mathTaskSchema,
  code: codeTaskSchema,
  swe: sweTaskSchema,
  mcq: mcqTaskSchema,
};

test('every suite writes rows its verifier schema accepts', () => {
  for (const [domain, suite] of Object.entries(TASK_SUITES) as [
    TaskDomain,
    (typeof TASK_SUITES)[TaskDomain],
  ][]) {
    for (const split of ['train', 'eval'] as const) {
      // 36: the code suite holds 37 held-out prompts
      for (const item of suite.generate({ seed: 1, count: 36, split })) {
        const parsed = SCHEMAS[domain].safeParse(item.task);
        assert.ok(parsed.success, `${item.id}: ${String(parsed.error)}`);
      }
    }
  }
  for (const item of generateSwe({ seed: 1, count: 40, split: 'train' }))
    assert.ok(codeTaskSchema.safeParse(item.fileTests).success, `${item.id} fileTests`);
});

test('math: the reference is right in both modes; an answer off by one is wrong', async () => {
  for (const item of generateMath({ seed: 1, count: 60, split: 'eval' })) {
    const task = mathTaskSchema.parse(item.task);
    const think = await mathVerifier(task, thinking(item.reference.reasoning, item.reference.answer));
    assert.equal(think.reward, 1, `${item.id}: ${think.reason}`);
    assert.equal((await mathVerifier(task, item.reference.answer)).reward, 1);
    const wrong = await mathVerifier(task, `\\boxed{${Number(item.task.answer) + 1}}`);
    assert.equal(wrong.reward, 0, `${item.id}: ${wrong.reason}`);
  }
});

test('ifeval: the reference follows every instruction (real checkers); the plain answer does not', async () => {
  const items = generateIfeval({ seed: 1, count: 300, split: 'train' });
  const ids = new Set(items.flatMap((item) => item.task.instruction_id_list));
  assert.ok(ids.size >= 13, `only ${ids.size} instruction ids used`);
  // repeat_prompt's request is the prompt without the repeat sentence, as IFEval builds it
  for (const item of items.filter(
    (candidate) => candidate.task.instruction_id_list[0] === 'combination:repeat_prompt',
  )) {
    const { prompt_to_repeat } = item.task.kwargs[0] as { prompt_to_repeat: string };
    assert.equal(`${prompt_to_repeat} First repeat the request.`, item.task.prompt);
    assert.ok(item.reference.answer.startsWith(`${prompt_to_repeat}\n`));
  }
  for (const item of items) {
    const task = instructionTaskSchema.parse(item.task);
    const instruct: Verdict = await ifevalVerifier(task, item.reference.answer);
    assert.equal(instruct.status, 'scored', `${item.id}: ${instruct.reason}`);
    assert.equal(
      instruct.reward,
      1,
      `${item.id} ${JSON.stringify(item.reference.answer)}: ${instruct.reason}`,
    );
    const think = await ifevalVerifier(task, thinking(item.reference.reasoning, item.reference.answer));
    assert.equal(think.reward, 1, `${item.id} (thinking): ${think.reason}`);
    const plain = await ifevalVerifier(task, plainIfevalAnswer(item));
    assert.equal(
      plain.reward,
      0,
      `${item.id}: the plain answer ${JSON.stringify(plainIfevalAnswer(item))} passed`,
    );
  }
  // each instruction alone breaks the plain answer, not only the combination
  for (const item of items.filter((candidate) => candidate.task.instruction_id_list.length === 1)) {
    const verdict = await ifevalVerifier(instructionTaskSchema.parse(item.task), plainIfevalAnswer(item));
    assert.equal(verdict.reward, 0, item.task.instruction_id_list[0]);
  }
});

test('mcq: the reference letter is right; any other letter is wrong', async () => {
  for (const item of generateMcq({ seed: 1, count: 60, split: 'train' })) {
    const task = mcqTaskSchema.parse(item.task);
    assert.equal(
      (await mcqVerifier(task, thinking(item.reference.reasoning, item.reference.answer))).reward,
      1,
    );
    const other = 'ABCD'.replace(item.task.answer, '')[0];
    assert.equal((await mcqVerifier(task, `The answer is ${other}.`)).reward, 0);
  }
});

test('swe: the reference edit scores 1; no edit −1, a no-op edit 0, a wrong edit in between', async () => {
  for (const item of generateSwe({ seed: 1, count: 60, split: 'train' })) {
    const task = sweTaskSchema.parse(item.task);
    const verdict = await sweVerifier(task, thinking(item.reference.reasoning, item.reference.answer));
    assert.equal(verdict.reward, 1, `${item.id}: ${verdict.reason}`);
    assert.equal((await sweVerifier(task, item.reference.answer)).reward, 1);
    assert.equal((await sweVerifier(task, '')).reward, -1);
    const [edit] = parseSearchReplace(item.reference.answer).get(item.path) ?? [];
    assert.ok(edit, 'the reference parses as a SEARCH/REPLACE edit');
    // two edits that undo each other leave the file as it was
    const noop = `${item.reference.answer}\n${item.reference.answer.replace(`${edit.search}\n=======\n${edit.replace}`, `${edit.replace}\n=======\n${edit.search}`)}`;
    const unchanged = await sweVerifier(task, noop);
    assert.equal(unchanged.reward, 0, `${item.id}: ${unchanged.reason}`);
    const wrong = await sweVerifier(
      task,
      item.reference.answer.replace(`=======\n${edit.replace}`, '=======\n    pass'),
    );
    assert.ok(wrong.reward > 0 && wrong.reward < 1, `${item.id}: wrong edit scored ${wrong.reward}`);
  }
});

test('preference: every prompt is an RLHF row and every pair keeps the prompt', () => {
  for (const item of generatePreference({ seed: 1, count: 40, split: 'eval' })) {
    assert.equal(preferenceTaskSchema.parse(item.task).prompt, item.messages[0].content);
    assert.ok(item.pairs.every((pair) => pair.prompt === item.task.prompt));
  }
});

test('code: every reference passes its tests in the sandbox; a wrong function fails', {
  skip: slow,
}, async () => {
  const pool = await createSandboxPool({ concurrency: 2 });
  try {
    const verify = createCodeVerifier(pool);
    const items = generateCode({ seed: 1, count: 60, split: 'train' });
    assert.ok(new Set(items.map((item) => item.task.language)).size === 2);
    for (const item of items) {
      const task = codeTaskSchema.parse(item.task);
      const verdict = await verify(task, thinking(item.reference.reasoning, item.reference.answer));
      assert.equal(verdict.reward, 1, `${item.id} ${item.reference.answer}: ${verdict.reason}`);
    }
    for (const item of items.slice(0, 8)) {
      const name = item.task.tests.fn_name;
      const wrong =
        item.task.language === 'python'
          ? `\`\`\`python\ndef ${name}(*args):\n    return None\n\`\`\``
          : `\`\`\`javascript\nfunction ${name}() {\n  return null;\n}\n\`\`\``;
      assert.equal((await verify(codeTaskSchema.parse(item.task), wrong)).reward, 0, item.id);
    }
  } finally {
    await pool.close();
  }
});

test('swe: the file fixed by the reference edit passes its tests; the buggy file fails', {
  skip: slow,
}, async () => {
  const pool = await createSandboxPool({ concurrency: 2 });
  try {
    const verify = createCodeVerifier(pool);
    for (const item of generateSwe({ seed: 1, count: 30, split: 'train' })) {
      const task = codeTaskSchema.parse(item.fileTests);
      const fixed = applySearchReplace(item.task.original_files, parseSearchReplace(item.reference.answer))[
        item.path
      ];
      const passed = await verify(task, `\`\`\`python\n${fixed}\`\`\``);
      assert.equal(passed.reward, 1, `${item.id}: ${passed.reason}`);
      const buggy = await verify(task, `\`\`\`python\n${item.task.original_files[item.path]}\`\`\``);
      assert.equal(buggy.reward, 0, `${item.id}: the buggy file passed`);
    }
  } finally {
    await pool.close();
  }
});
