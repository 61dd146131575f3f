import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ifevalReport, instructionAccuracy } from './aggregate.ts';
import type { InstructionsOutcome } from './verify.ts';

function outcome(ids: string[], strict: boolean[], loose: boolean[]): InstructionsOutcome {
  const mode = (followed: boolean[]) => ({
    followed,
    promptLevel: followed.every(Boolean),
    instructionsFollowed: followed.filter(Boolean).length,
    instructionsTotal: followed.length,
  });
  return {
    instructions: ids.map((id, index) => ({ id, kwargs: {}, strict: strict[index], loose: loose[index] })),
    strict: mode(strict),
    loose: mode(loose),
  };
}

describe('instruction accuracy', () => {
  const results = [
    outcome(['punctuation:no_comma', 'keywords:existence'], [true, false], [true, true]),
    outcome(['punctuation:no_comma'], [true], [true]),
    outcome(
      ['keywords:frequency', 'keywords:existence', 'startend:quotation'],
      [false, true, false],
      [true, true, false],
    ),
  ];

  it('prompt level counts rows with every instruction followed; instruction level counts instructions', () => {
    const strict = instructionAccuracy(results, 'strict');
    assert.equal(strict.prompts, 3);
    assert.equal(strict.instructions, 6);
    assert.equal(strict.promptLevel, 1 / 3);
    assert.equal(strict.instructionLevel, 3 / 6);
    assert.deepEqual(strict.byCategory, { keywords: 1 / 3, punctuation: 1, startend: 0 });
    assert.equal(strict.byInstruction['keywords:existence'], 1 / 2);
  });

  it('reports both modes', () => {
    const report = ifevalReport(results);
    assert.equal(report.loose.promptLevel, 2 / 3);
    assert.equal(report.loose.instructionLevel, 5 / 6);
  });

  it('refuses to average nothing', () => {
    assert.throws(() => instructionAccuracy([], 'strict'), /no results/);
  });
});
