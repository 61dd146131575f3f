/**
 * Turns advantages into the per-token weights of the step engine's one loss,
 * `−Σ_t w_t · log π(y_t) / normalizer` (design.md: the engine seam). Because Cascade is strictly
 * on-policy, the weights are evaluated at the current policy, so each gradient is exact:
 * - GRPO: w_t = Â_i on the rollout's trained tokens (paper-spec §3.1);
 * - PPO clipping (optional, for off-policy data): w_t = Â_i · ρ_t where the clipped branch is not
 *   taken, else 0 (ρ_t = π/π_old; ρ ≡ 1 on-policy, so clipping never binds by default);
 * - k3 KL to a reference policy (optional): its gradient is β(1 − π_ref/π)·∇log π, i.e. the weight
 *   −β(1 − exp(log π_ref − log π)).
 */

export type LossAggregation = 'token-mean' | 'seq-mean-token-mean';

export interface RolloutLossInput {
  advantage: number;
  /** 1 for response tokens the policy wrote (0 for tool responses, padding). */
  mask: ArrayLike<number>;
  /** False when a filter (overlong, dynamic) drops the rollout from the gradient. */
  keep: boolean;
  /** log π(y_t) under the current policy, needed for clipping and KL. */
  logprobs?: ArrayLike<number>;
  /** log π_old(y_t) of the sampling policy, when PPO clipping is on. */
  oldLogprobs?: ArrayLike<number>;
  /** log π_ref(y_t) of the reference policy, when the KL penalty is on. */
  refLogprobs?: ArrayLike<number>;
}

export interface LossOptions {
  aggregation: LossAggregation;
  /** PPO clip range ε (e.g. 0.2); undefined: no clipping (the Cascade default). */
  clipEpsilon?: number;
  /** KL coefficient β (0 in Cascade 1; 0.03 in Cascade 2's RLHF). */
  klCoefficient?: number;
}

export interface TokenWeights {
  /** Per rollout, per response token. */
  weights: Float32Array[];
  normalizer: number;
  /** Trained tokens in the batch (after filters). */
  tokens: number;
}

export function policyGradientWeights(
  rollouts: readonly RolloutLossInput[],
  options: LossOptions,
): TokenWeights {
  const beta = options.klCoefficient ?? 0;
  let tokens = 0;
  let sequences = 0;
  const weights = rollouts.map((rollout) => {
    const w = new Float32Array(rollout.mask.length);
    if (!rollout.keep) return w;
    let count = 0;
    for (let t = 0; t < w.length; t++) {
      if (!rollout.mask[t]) continue;
      count++;
      w[t] = tokenWeight(rollout, t, options.clipEpsilon, beta);
    }
    tokens += count;
    if (count > 0) sequences++;
    if (options.aggregation === 'seq-mean-token-mean' && count > 0)
      for (let t = 0; t < w.length; t++) w[t] /= count;
    return w;
  });
  const normalizer = options.aggregation === 'token-mean' ? tokens : sequences;
  return { weights, normalizer: Math.max(normalizer, 1), tokens };
}

function tokenWeight(
  rollout: RolloutLossInput,
  t: number,
  clipEpsilon: number | undefined,
  beta: number,
): number {
  const a = rollout.advantage;
  let w = a;
  if (clipEpsilon !== undefined && rollout.oldLogprobs && rollout.logprobs) {
    const ratio = Math.exp(rollout.logprobs[t] - rollout.oldLogprobs[t]);
    const clipped = a >= 0 ? ratio > 1 + clipEpsilon : ratio < 1 - clipEpsilon;
    w = clipped ? 0 : a * ratio;
  }
  if (beta !== 0) {
    if (!rollout.refLogprobs || !rollout.logprobs)
      throw new Error('a KL penalty needs current and reference log-probs');
    w -= beta * (1 - Math.exp(rollout.refLogprobs[t] - rollout.logprobs[t]));
  }
  return w;
}

/** k3 estimate of KL(π‖π_ref) per token, for metrics: exp(Δ) − Δ − 1 with Δ = log π_ref − log π. */
export function klK3(logprob: number, refLogprob: number): number {
  const delta = refLogprob - logprob;
  return Math.exp(delta) - delta - 1;
}
