/**
 * SWE-RL's lexical reward over new file contents (`calculate_reward`): normalise each side's change
 * to a unified diff per file, then average SequenceMatcher ratios (autojunk off) over the union of
 * changed paths; a path changed on one side only scores 0.
 */
import { stringRatio } from './sequence-matcher.ts';
import { normalizedChange } from './unified-diff.ts';

export interface ChangeSimilarity {
  path: string;
  predChange: string;
  oracleChange: string;
  similarity: number;
}

/** SWE-RL's `get_normalized_patch`: path → normalised change, unchanged files left out. */
export function normalizedPatch(
  originals: Readonly<Record<string, string>>,
  newContents: Readonly<Record<string, string>>,
): Map<string, string> {
  const patch = new Map<string, string>();
  for (const [path, content] of Object.entries(newContents)) {
    const change = normalizedChange(originals[path] ?? '', content);
    if (change) patch.set(path, change);
  }
  return patch;
}

/** SWE-RL's `compute_change_similarities` (paths sorted, so details are stable). */
export function changeSimilarities(
  pred: Map<string, string>,
  oracle: Map<string, string>,
): ChangeSimilarity[] {
  const paths = [...new Set([...oracle.keys(), ...pred.keys()])].sort();
  return paths.map((path) => {
    const predChange = pred.get(path) ?? '';
    const oracleChange = oracle.get(path) ?? '';
    const similarity =
      predChange === '' || oracleChange === ''
        ? 0
        : stringRatio(predChange, oracleChange, { autojunk: false });
    return { path, predChange, oracleChange, similarity };
  });
}

/** The mean similarity; NaN-free: an empty union (nothing changed anywhere) is 0. */
export function meanSimilarity(similarities: readonly ChangeSimilarity[]): number {
  if (similarities.length === 0) return 0;
  return similarities.reduce((sum, entry) => sum + entry.similarity, 0) / similarities.length;
}
