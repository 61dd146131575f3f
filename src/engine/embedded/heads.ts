/**
 * The two heads on the final hidden state `lnf`:
 * - the LM head, logits = lnf · Wᵀ with W the embedding (tied) or `lm_head.weight`, run over selected
 *   rows in chunks of R so the (rows, vocab) logits never exist whole; training fuses its forward and
 *   backward per chunk;
 * - the reward head of Qwen3ForSequenceClassification, score = lnf[last token] · `score.weight`ᵀ.
 * Both write their gradient into `acts.dlnf` (accumulating) and their weight gradient into the grads arena.
 */
import { type Activations, headChunkRows } from './activations.ts';
import type { Qwen3Model } from './model.ts';
import { viewOf } from './params.ts';

/** Which rows of the packed batch to score, and the token each row predicts. */
export interface HeadRows {
  rows: Int32Array; // (S) row indices into the packed batch
  targets: Int32Array; // (S) next-token ids
}

function runChunks(
  model: Qwen3Model,
  acts: Activations,
  selection: HeadRows,
  logprobs: Float32Array,
  dlogprobs: Float32Array | undefined,
): void {
  const { C, V } = model.dims;
  const name = model.layout.lmHeadName;
  const weight = viewOf(model.layout, model.params, name); // (V, C)
  const dweight = viewOf(model.layout, model.grads, name);
  const R = headChunkRows(V);
  const gemm = model.kernels.sgemm.bind(model.kernels);
  const total = selection.rows.length;
  for (let first = 0; first < total; first += R) {
    const count = Math.min(R, total - first);
    // gather the chunk's hidden rows: headIn (count, C)
    for (let r = 0; r < count; r++) {
      const row = selection.rows[first + r];
      acts.headIn.set(acts.lnf.subarray(row * C, (row + 1) * C), r * C);
    }
    gemm(false, true, count, V, C, 1, acts.headIn, C, weight, C, 0, acts.logits, V);
    const targets = selection.targets.subarray(first, first + count);
    const out = logprobs.subarray(first, first + count);
    if (!dlogprobs) {
      model.elementwise.tokenLogprobs(out, acts.logits, undefined, targets, count, V);
      continue;
    }
    // logits become dlogits in place; then dheadIn = dlogits·W and dW += dlogitsᵀ·headIn
    model.elementwise.tokenLogprobs(
      out,
      acts.logits,
      dlogprobs.subarray(first, first + count),
      targets,
      count,
      V,
    );
    gemm(false, false, count, C, V, 1, acts.logits, V, weight, C, 0, acts.dheadIn, C);
    gemm(true, false, V, C, count, 1, acts.logits, V, acts.headIn, C, 1, dweight, C);
    for (let r = 0; r < count; r++) {
      const row = selection.rows[first + r] * C;
      for (let c = 0; c < C; c++) acts.dlnf[row + c] += acts.dheadIn[r * C + c];
    }
  }
}

/** log π(target | row's prefix) for each selected row. */
export function lmHeadLogprobs(model: Qwen3Model, acts: Activations, selection: HeadRows): Float32Array {
  const logprobs = new Float32Array(selection.rows.length);
  runChunks(model, acts, selection, logprobs, undefined);
  return logprobs;
}

/** As lmHeadLogprobs, and backpropagates Σ dlogprobs · logprobs into dlnf and the head weight. */
export function lmHeadForwardBackward(
  model: Qwen3Model,
  acts: Activations,
  selection: HeadRows,
  dlogprobs: Float32Array,
): Float32Array {
  const logprobs = new Float32Array(selection.rows.length);
  runChunks(model, acts, selection, logprobs, dlogprobs);
  return logprobs;
}

// score[s] = lnf[rows[s]] · w, a (1, C) matrix times S vectors: a dot product each, too small for a GEMM call
export function scoreForward(model: Qwen3Model, acts: Activations, rows: Int32Array): Float32Array {
  const { C } = model.dims;
  const weight = viewOf(model.layout, model.params, 'score.weight');
  const scores = new Float32Array(rows.length);
  for (let s = 0; s < rows.length; s++) {
    let sum = 0;
    for (let c = 0; c < C; c++) sum += acts.lnf[rows[s] * C + c] * weight[c];
    scores[s] = sum;
  }
  return scores;
}

// dlnf[rows[s]] += dscores[s] · w;  dw += dscores[s] · lnf[rows[s]]
export function scoreBackward(
  model: Qwen3Model,
  acts: Activations,
  rows: Int32Array,
  dscores: Float32Array,
): void {
  const { C } = model.dims;
  const weight = viewOf(model.layout, model.params, 'score.weight');
  const dweight = viewOf(model.layout, model.grads, 'score.weight');
  for (let s = 0; s < rows.length; s++) {
    const row = rows[s] * C;
    const g = dscores[s];
    for (let c = 0; c < C; c++) {
      acts.dlnf[row + c] += g * weight[c];
      dweight[c] += g * acts.lnf[row + c];
    }
  }
}
