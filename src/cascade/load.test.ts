import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CascadeError } from '../core/errors.ts';
import { parseRecipe } from './load.ts';
import { parseAssignment, setPath } from './overrides.ts';
import { evaluationItems, sftData } from './tasks.ts';

const tinyText = readFileSync(new URL('../../recipes/tiny.yaml', import.meta.url), 'utf8');

function errorOf(run: () => unknown): CascadeError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof CascadeError, String(error));
    return error;
  }
  assert.fail('expected an error');
}

describe('recipes', () => {
  it('the tiny recipe parses, with the paper stage order and defaults filled in', () => {
    const recipe = parseRecipe(tinyText, 'tiny.yaml');
    assert.deepEqual(
      recipe.stages.map((stage) => stage.name),
      ['sft', 'reward-model', 'rlhf', 'if-rl', 'math-rl', 'code-rl', 'swe-rl'],
    );
    const math = recipe.stages.find((stage) => stage.name === 'math-rl');
    assert.ok(math?.kind === 'grpo');
    assert.equal(math.grpo.lossAggregation, 'token-mean');
    assert.equal(math.grpo.klCoefficient, 0);
    assert.equal(math.grpo.dynamicFilter, 'epoch');
  });

  it('a profile and --set override values by stage name', () => {
    const recipe = parseRecipe(tinyText, 'tiny.yaml', {
      profile: 'quick',
      sets: ['stages.math-rl.grpo.groupSize=3', 'evaluation.temperature=0'],
    });
    const math = recipe.stages.find((stage) => stage.name === 'math-rl');
    assert.ok(math?.kind === 'grpo');
    assert.equal(math.grpo.groupSize, 3);
    assert.equal(math.grpo.promptsPerStep, 4, 'from the quick profile');
    assert.equal(recipe.evaluation.temperature, 0);
  });

  it('evaluation.promptsByDomain gives a domain its own number of held-out prompts; an unknown domain names the key', () => {
    const recipe = parseRecipe(tinyText, 'tiny.yaml', {
      sets: ['evaluation.prompts=8', 'evaluation.promptsByDomain={math: 20}'],
    });
    assert.equal(evaluationItems(recipe, 'math').length, 20);
    assert.equal(evaluationItems(recipe, 'ifeval').length, 8);
    // the first prompts are the same whatever the count, so runs with different counts share them
    const fewer = parseRecipe(tinyText, 'tiny.yaml', { sets: ['evaluation.promptsByDomain={math: 5}'] });
    assert.deepEqual(
      evaluationItems(fewer, 'math').map((item) => item.id),
      evaluationItems(recipe, 'math')
        .slice(0, 5)
        .map((item) => item.id),
    );
    const error = errorOf(() =>
      parseRecipe(tinyText, 'tiny.yaml', { sets: ['evaluation.promptsByDomain={maths: 20}'] }),
    );
    assert.match(error.message + String(error.where), /promptsByDomain/);
  });

  it('data.difficulty picks the levels a suite trains and evaluates on; a bad level names the key', () => {
    const recipe = parseRecipe(tinyText, 'tiny.yaml', {
      sets: [
        'evaluation.prompts=8',
        'evaluation.promptsByDomain={math: 8}',
        'data.trainItems.code=50',
        'data.difficulty={code: easy, math: {easy: 1, medium: 1}}',
      ],
    });
    assert.ok(evaluationItems(recipe, 'code').every((item) => item.difficulty === 'easy'));
    const mathLevels = new Set(evaluationItems(recipe, 'math').map((item) => item.difficulty));
    assert.ok(!mathLevels.has('hard') && mathLevels.size > 0);
    const trained = sftData(recipe, ['code'], 1).code;
    const everyLevel = sftData(
      parseRecipe(tinyText, 'tiny.yaml', { sets: ['data.trainItems.code=50'] }),
      ['code'],
      1,
    ).code;
    assert.notDeepEqual(trained, everyLevel);
    for (const bad of ['data.difficulty={code: trivial}', 'data.difficulty={code: {easy: 0}}']) {
      const error = errorOf(() => parseRecipe(tinyText, 'tiny.yaml', { sets: [bad] }));
      assert.match(error.message + String(error.where), /data\.difficulty\.code/);
    }
  });

  it('an invalid value is an error naming the key path and its YAML line', () => {
    // the evaluation block's own line (the stages' temperatures sit inside flow mappings)
    const bad = tinyText.replace('\n  temperature: 0.6', '\n  temperature: -1');
    const error = errorOf(() => parseRecipe(bad, 'r.yaml'));
    assert.match(error.message, /r\.yaml/);
    const line = tinyText.split('\n').indexOf('  temperature: 0.6') + 1;
    assert.match(error.message, new RegExp(`evaluation\\.temperature \\(line ${line}\\)`));
  });

  it('broken YAML names the line; an unknown profile lists the known ones', () => {
    const error = errorOf(() => parseRecipe('name: x\nstages: [\n', 'b.yaml'));
    assert.match(error.message, /b\.yaml:\d+:\d+/);
    assert.match(errorOf(() => parseRecipe(tinyText, 't.yaml', { profile: 'fast' })).message, /has: quick/);
  });

  it('a chat RL stage without a reward model before it is refused', () => {
    const text = tinyText.replace(/ {2}- name: reward-model[\s\S]*?(?=\n {2}# RLHF)/, '');
    assert.match(
      errorOf(() => parseRecipe(text, 'r.yaml')).message,
      /stages\.1\.domains.*reward-model stage/s,
    );
  });
});

describe('overrides', () => {
  it('values are read as YAML; list elements by name or index; missing objects are created', () => {
    assert.deepEqual(parseAssignment('a.b=1e-6'), { path: 'a.b', value: 1e-6 });
    assert.deepEqual(parseAssignment('a=[x, y]'), { path: 'a', value: ['x', 'y'] });
    const root = { stages: [{ name: 'one', x: 1 }, { name: 'two' }] };
    assert.deepEqual(setPath(root, 'stages.two.y.z', true), {
      stages: [
        { name: 'one', x: 1 },
        { name: 'two', y: { z: true } },
      ],
    });
    assert.deepEqual(setPath(root, 'stages.0.x', 5), { stages: [{ name: 'one', x: 5 }, { name: 'two' }] });
    assert.equal(root.stages[0].x, 1, 'the input is not changed');
    assert.throws(() => setPath(root, 'stages.three.x', 1), /no element named "three"/);
    assert.throws(() => parseAssignment('novalue'), /path=value/);
  });
});
