/**
 * Multi-domain on-policy distillation (Cascade 2 §4.4, paper-spec §4.6). For sampled tokens:
 * a_t = log π_teacher(y_t) − log π_train(y_t) (reverse-KL advantage on the sampled token only),
 * w_t = sg[ρ_t]·1[ε_low ≤ ρ_t ≤ ε_high] with ρ_t = π_train/π_inf, and the loss
 * −(1/|V(y)|) Σ_{t∈V(y)} w_t · sg[a_t] · log π_train(y_t), averaged over sequences.
 */

export interface DistillTokens {
  mask: ArrayLike<number>;
  trainLogprobs: ArrayLike<number>;
  inferenceLogprobs: ArrayLike<number>;
  teacherLogprobs: ArrayLike<number>;
}

export interface DistillOptions {
  epsilonLow: number;
  epsilonHigh: number;
}

export const MOPD_DEFAULTS: DistillOptions = { epsilonLow: 0.5, epsilonHigh: 2.0 };

export function truncatedImportanceWeight(
  trainLogprob: number,
  inferenceLogprob: number,
  options = MOPD_DEFAULTS,
): number {
  const ratio = Math.exp(trainLogprob - inferenceLogprob);
  return ratio >= options.epsilonLow && ratio <= options.epsilonHigh ? ratio : 0;
}

export interface DistillWeights {
  weights: Float32Array[];
  normalizer: number;
  /** Mean reverse-KL advantage over kept tokens, and the share of tokens the IS truncation dropped. */
  meanAdvantage: number;
  truncatedFraction: number;
}

export function distillationWeights(
  sequences: readonly DistillTokens[],
  options = MOPD_DEFAULTS,
): DistillWeights {
  let advantageSum = 0;
  let counted = 0;
  let truncated = 0;
  let nonEmpty = 0;
  const weights = sequences.map((s) => {
    const w = new Float32Array(s.mask.length);
    let size = 0;
    for (let t = 0; t < w.length; t++) if (s.mask[t]) size++;
    if (size === 0) return w;
    nonEmpty++;
    for (let t = 0; t < w.length; t++) {
      if (!s.mask[t]) continue;
      const advantage = s.teacherLogprobs[t] - s.trainLogprobs[t];
      const is = truncatedImportanceWeight(s.trainLogprobs[t], s.inferenceLogprobs[t], options);
      if (is === 0) truncated++;
      advantageSum += advantage;
      counted++;
      w[t] = (is * advantage) / size;
    }
    return w;
  });
  return {
    weights,
    normalizer: Math.max(nonEmpty, 1),
    meanAdvantage: counted === 0 ? 0 : advantageSum / counted,
    truncatedFraction: counted === 0 ? 0 : truncated / counted,
  };
}
