/**
 * Token log-probabilities from logits: logp = logits[target] − logsumexp(logits). The training path
 * fuses forward and backward in place over a chunk of logits rows, as llm.c's fused classifier does,
 * so no second (rows, vocab) buffer exists.
 */
import type { Floats } from './floats.ts';

function logSumExp(logits: Floats, row: number, V: number): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let v = 0; v < V; v++) if (logits[row + v] > max) max = logits[row + v];
  let sum = 0;
  for (let v = 0; v < V; v++) sum += Math.exp(logits[row + v] - max);
  return max + Math.log(sum);
}

// logits: (R, V) · targets: (R) · logprobs: (R)
export function tokenLogprobsForward(
  logprobs: Floats,
  logits: Floats,
  targets: Int32Array,
  R: number,
  V: number,
) {
  for (let r = 0; r < R; r++) logprobs[r] = logits[r * V + targets[r]] - logSumExp(logits, r * V, V);
}

/**
 * Forward and backward at once: logprobs[r] is written, then row r of `logits` is replaced by
 * dlogits = dlogprobs[r] · (onehot(target) − softmax(logits)), the gradient of Σ_r dlogprobs[r]·logp_r.
 */
export function tokenLogprobsForwardBackwardInPlace(
  logprobs: Floats,
  logits: Floats,
  dlogprobs: Floats,
  targets: Int32Array,
  R: number,
  V: number,
): void {
  for (let r = 0; r < R; r++) {
    const row = r * V;
    const target = targets[r];
    let max = Number.NEGATIVE_INFINITY;
    for (let v = 0; v < V; v++) if (logits[row + v] > max) max = logits[row + v];
    const targetLogit = logits[row + target];
    // one exp per entry: keep e^(l − max) in place, then scale it to the gradient
    let sum = 0;
    for (let v = 0; v < V; v++) {
      const e = Math.exp(logits[row + v] - max);
      logits[row + v] = e;
      sum += e;
    }
    logprobs[r] = targetLogit - max - Math.log(sum);
    const g = dlogprobs[r];
    const scale = -g / sum;
    for (let v = 0; v < V; v++) logits[row + v] *= scale;
    logits[row + target] += g;
  }
}
