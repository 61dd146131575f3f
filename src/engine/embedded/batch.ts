/**
 * Batches are packed, not padded: the sequences' tokens sit back to back in N rows, and attention runs
 * per sequence on its own (L, L) block. No compute is spent on padding and no position can see another
 * sequence, so a sequence's numbers do not depend on what it is batched with.
 */
import { CascadeError } from '../../core/errors.ts';

export interface PackedBatch {
  /** token id of each row: (N) */
  tokens: Int32Array;
  /** position of each row within its own sequence: (N) */
  positions: Int32Array;
  /** first row and length of each sequence */
  starts: number[];
  lengths: number[];
  N: number;
  /** Σ L² over sequences: the size of one head's attention blocks for the whole batch */
  attentionArea: number;
  maxLength: number;
}

export function packSequences(sequences: number[][], vocabSize: number, maxPositions: number): PackedBatch {
  if (sequences.length === 0) throw new CascadeError('engine.batch', 'empty batch: no sequences');
  let N = 0;
  for (const [index, sequence] of sequences.entries()) {
    if (sequence.length === 0)
      throw new CascadeError('engine.batch', 'empty sequence', { where: `sequences[${index}]` });
    if (sequence.length > maxPositions)
      throw new CascadeError(
        'engine.batch',
        `sequence of ${sequence.length} tokens exceeds max_position_embeddings ${maxPositions}`,
        { where: `sequences[${index}]` },
      );
    N += sequence.length;
  }
  const tokens = new Int32Array(N);
  const positions = new Int32Array(N);
  const starts: number[] = [];
  const lengths: number[] = [];
  let row = 0;
  let attentionArea = 0;
  let maxLength = 0;
  for (const [index, sequence] of sequences.entries()) {
    starts.push(row);
    lengths.push(sequence.length);
    attentionArea += sequence.length * sequence.length;
    maxLength = Math.max(maxLength, sequence.length);
    for (let t = 0; t < sequence.length; t++) {
      const token = sequence[t];
      if (!Number.isInteger(token) || token < 0 || token >= vocabSize)
        throw new CascadeError('engine.batch', `token ${token} is outside the vocabulary [0, ${vocabSize})`, {
          where: `sequences[${index}][${t}]`,
        });
      tokens[row] = token;
      positions[row] = t;
      row++;
    }
  }
  return { tokens, positions, starts, lengths, N, attentionArea, maxLength };
}
