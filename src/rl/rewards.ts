/**
 * Reward compositions of the Cascade stages (paper-spec §4.1, §4.2, §4.3, §4.4), as pure functions
 * over one group (or batch) of rollouts.
 */
import { groupZScores } from './advantages.ts';

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * IF-RL for thinking models: r_i = R_IF(o_i) + sigmoid(ẑ_RM(o_i)) when every constraint passed,
 * else 0, with the reward-model scores z-normalised over the whole group.
 */
export function instructionFollowingReward(
  verifierRewards: readonly number[],
  rewardModelScores: readonly number[],
): number[] {
  if (verifierRewards.length !== rewardModelScores.length)
    throw new Error('one verifier reward and one RM score per rollout');
  const z = groupZScores(rewardModelScores);
  return verifierRewards.map((rif, i) => (rif === 1 ? rif + sigmoid(z[i]) : 0));
}

/** Per stage: a fixed value (math −1, code 0) or the RLHF rule, min(batch rewards) − 10. */
export type CodeSwitchPenalty =
  | { kind: 'fixed'; reward: number }
  | { kind: 'batch-min-minus'; margin: number };

export const CODE_SWITCH_PENALTIES = {
  math: { kind: 'fixed', reward: -1 },
  code: { kind: 'fixed', reward: 0 },
  rlhf: { kind: 'batch-min-minus', margin: 10 },
} as const satisfies Record<string, CodeSwitchPenalty>;

/** Replaces the reward of every rollout that switched language; `rewards` is the whole batch. */
export function applyCodeSwitchPenalty(
  rewards: readonly number[],
  switched: readonly boolean[],
  penalty: CodeSwitchPenalty,
): number[] {
  if (!switched.some(Boolean)) return [...rewards];
  const value = penalty.kind === 'fixed' ? penalty.reward : Math.min(...rewards) - penalty.margin;
  return rewards.map((r, i) => (switched[i] ? value : r));
}

/** The RLHF "bag of tricks" shaping: z-normalise within the group, then tanh into [−1, 1]. */
export function shapeGroupRewards(rewards: readonly number[]): number[] {
  return groupZScores(rewards).map(Math.tanh);
}

/** Overlong handling when filtering is off: an unfinished rollout scores 0. */
export function zeroRewardIfTruncated(rewards: readonly number[], truncated: readonly boolean[]): number[] {
  return rewards.map((r, i) => (truncated[i] ? 0 : r));
}
