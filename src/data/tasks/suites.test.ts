/** Every suite: determinism, disjoint splits, byte budgets, difficulty options, SFT conversions. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CascadeError } from '../../core/errors.ts';
import {
  preferencePairs,
  sftConversation,
  splitOfPrompt,
  TASK_SUITES,
  type TaskDomain,
  type TaskItem,
} from './index.ts';
import { generatePreference } from './preference.ts';

const DOMAINS = Object.keys(TASK_SUITES) as TaskDomain[];
const bytes = (text: string | null | undefined) => Buffer.byteLength(text ?? '', 'utf8');
const promptText = (item: TaskItem) => item.messages.map((message) => message.content).join('\n');

for (const domain of DOMAINS) {
  const suite = TASK_SUITES[domain];

  test(`${domain}: the same seed gives the same items, another seed other items`, () => {
    const first = suite.generate({ seed: 7, count: 30, split: 'train' });
    assert.deepEqual(suite.generate({ seed: 7, count: 30, split: 'train' }), first);
    const other = suite.generate({ seed: 8, count: 30, split: 'train' });
    assert.notDeepEqual(other.map(promptText), first.map(promptText));
    assert.equal(new Set(first.map(promptText)).size, 30, 'prompts are distinct within a call');
    assert.deepEqual(
      first.map((item) => item.id),
      first.map((_, index) => `${domain}-train-7-${index}`),
    );
    assert.ok(first.every((item) => item.domain === domain && item.split === 'train'));
  });

  test(`${domain}: train and eval share no prompt, whatever their seeds`, () => {
    const train = new Set(
      [1, 2].flatMap((seed) => suite.generate({ seed, count: 120, split: 'train' })).map(promptText),
    );
    // 36: the code suite holds 37 held-out prompts
    const evaluation = [1, 2, 3].flatMap((seed) => suite.generate({ seed, count: 36, split: 'eval' }));
    assert.ok(evaluation.every((item) => item.split === 'eval' && !train.has(promptText(item))));
    assert.ok(evaluation.every((item) => splitOfPrompt(item.messages) === 'eval'));
  });

  test(`${domain}: every item fits the byte budget and has a teacher answer`, () => {
    const { limits } = suite;
    for (const item of suite.generate({ seed: 11, count: 200, split: 'train' })) {
      const prompt = item.messages.reduce((sum, message) => sum + bytes(message.content), 0);
      const reasoning = bytes(item.reference.reasoning);
      const answer = bytes(item.reference.answer);
      assert.ok(prompt > 0 && prompt <= limits.prompt, `${item.id} prompt ${prompt} bytes`);
      assert.ok(reasoning > 0 && reasoning <= limits.reasoning, `${item.id} reasoning ${reasoning} bytes`);
      assert.ok(answer > 0 && answer <= limits.answer, `${item.id} answer ${answer} bytes`);
      assert.ok(prompt + reasoning + answer <= limits.total, `${item.id} total bytes`);
      assert.equal(item.messages.at(-1)?.role, 'user');
    }
  });

  test(`${domain}: one difficulty, or weights, choose the levels`, () => {
    const easy = suite.generate({ seed: 3, count: 20, split: 'train', difficulty: 'easy' });
    assert.ok(easy.every((item) => item.difficulty === 'easy'));
    const mixed = suite.generate({ seed: 3, count: 40, split: 'train', difficulty: { medium: 1, hard: 1 } });
    assert.ok(mixed.every((item) => item.difficulty !== 'easy'));
    assert.ok(
      mixed.some((item) => item.difficulty === 'medium') && mixed.some((item) => item.difficulty === 'hard'),
    );
  });
}

test('bad options are CascadeErrors that name the suite', () => {
  const math = TASK_SUITES.math;
  for (const bad of [
    { seed: 1.5, count: 1, split: 'train' },
    { seed: 1, count: -1, split: 'train' },
    { seed: 1, count: 1, split: 'test' },
    { seed: 1, count: 1, split: 'train', difficulty: 'extreme' },
    { seed: 1, count: 1, split: 'train', difficulty: { easy: 0 } },
  ]) {
    assert.throws(
      () => math.generate(bad as never),
      (error) => error instanceof CascadeError && (error.where ?? '').startsWith('tasks.math'),
    );
  }
  assert.deepEqual(math.generate({ seed: 1, count: 0, split: 'eval' }), []);
});

test('asking for more prompts than a suite has is an error, not a short list', () => {
  assert.throws(
    () => TASK_SUITES.chat.generate({ seed: 1, count: 300, split: 'eval' }),
    (error) => error instanceof CascadeError && /prompt space is too small/.test(error.message),
  );
});

test('sftConversation: thinking puts the working in reasoning_content, instruct leaves it out', () => {
  const [item] = TASK_SUITES.math.generate({ seed: 1, count: 1, split: 'train' });
  const think = sftConversation(item, 'think');
  assert.equal(think.mode, 'think');
  assert.deepEqual(think.messages.slice(0, -1), item.messages);
  assert.deepEqual(think.messages.at(-1), {
    role: 'assistant',
    content: item.reference.answer,
    reasoning_content: item.reference.reasoning,
  });
  const instruct = sftConversation(item, 'no_think');
  assert.equal(instruct.mode, 'no_think');
  assert.deepEqual(instruct.messages.at(-1), { role: 'assistant', content: item.reference.answer });
  assert.equal(item.messages.length, 1, 'the item is not changed');
  assert.throws(() => sftConversation(item, 'fast' as never), CascadeError);
});

test('preferencePairs: three pairs per prompt, chosen is the reference, each rejected differs', () => {
  const items = generatePreference({ seed: 5, count: 20, split: 'train' });
  const pairs = preferencePairs(items);
  assert.equal(pairs.length, 60);
  for (const item of items) {
    assert.deepEqual(item.pairs.map((pair) => pair.flaw).slice(0, 1), ['verbose']);
    for (const pair of item.pairs) {
      assert.equal(pair.prompt, item.messages[0].content);
      assert.equal(pair.chosen, item.reference.answer);
      assert.notEqual(pair.rejected, pair.chosen);
    }
    const verbose = item.pairs[0];
    assert.ok(
      verbose.rejected.includes(verbose.chosen) && verbose.rejected.length > verbose.chosen.length + 30,
    );
  }
  assert.ok(pairs.some((pair) => pair.flaw === 'wrong') && pairs.some((pair) => pair.flaw === 'off_topic'));
});
