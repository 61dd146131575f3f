/**
 * Groups examples into batches by a token budget. The embedded engine packs a batch's sequences back
 * to back itself (no padding), so "packing" here decides only which examples share an optimizer step:
 * consecutive examples are added while the batch stays within `maxTokens` (and `maxSequences`).
 * Order is kept, so a shuffled epoch stays shuffled and the plan is a pure function of its input.
 */
import { CascadeError } from '../core/errors.ts';

export interface PackingOptions {
  /** Most tokens a batch may hold (Cascade 2 packs up to 256K tokens per sequence). */
  maxTokens: number;
  /** Most examples per batch; unlimited when undefined. */
  maxSequences?: number;
}

/** Batches of indices into `lengths`; an example longer than the budget is an error (filter it first). */
export function packByTokenBudget(lengths: readonly number[], options: PackingOptions): number[][] {
  const batches: number[][] = [];
  let batch: number[] = [];
  let tokens = 0;
  const maxSequences = options.maxSequences ?? Number.POSITIVE_INFINITY;
  for (const [index, length] of lengths.entries()) {
    if (length > options.maxTokens)
      throw new CascadeError(
        'train.packing',
        `example of ${length} tokens exceeds the batch budget of ${options.maxTokens}`,
        { where: `example ${index}` },
      );
    if (batch.length > 0 && (tokens + length > options.maxTokens || batch.length >= maxSequences)) {
      batches.push(batch);
      batch = [];
      tokens = 0;
    }
    batch.push(index);
    tokens += length;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}
