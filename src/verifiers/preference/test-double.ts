/**
 * A deterministic stand-in for a reward model, for tests only: the score is the number of distinct
 * prompt words (lowercase, 3+ letters) the answer repeats, minus 0.001 per answer character, so
 * on-topic and concise answers score higher. It records every batch it is given.
 */
import type { PreferenceScorer } from '../../core/verdict.ts';

function words(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/\p{L}{3,}/gu) ?? []);
}

export function testDoubleScore(prompt: string, answer: string): number {
  const answerWords = words(answer);
  const overlap = [...words(prompt)].filter((word) => answerWords.has(word)).length;
  return overlap - answer.length / 1000;
}

export function createTestScorer(): {
  scorer: PreferenceScorer;
  batches: { prompt: string; answer: string }[][];
} {
  const batches: { prompt: string; answer: string }[][] = [];
  const scorer: PreferenceScorer = async (pairs) => {
    batches.push(pairs.map((pair) => ({ ...pair })));
    return pairs.map((pair) => testDoubleScore(pair.prompt, pair.answer));
  };
  return { scorer, batches };
}
