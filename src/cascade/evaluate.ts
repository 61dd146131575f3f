/**
 * Per-stage evaluation: every domain's held-out prompts in every mode, `samples` completions each,
 * scored by the domain's verifier. A domain's score is the mean over prompts × samples of:
 * `correct` (math, ifeval, code, mcq), the SWE similarity reward clipped to [0, 1], and for chat the
 * rule-based rubric (correct and concise 1, correct 0.5), so RLHF is judged without trusting the
 * reward model it trained; the RM's own mean score is kept in the detail when there is one.
 */
import type { StepEngine } from '../core/engine.ts';
import type { ChatFamily, ChatMode } from '../core/messages.ts';
import type { PreferenceScorer, Verdict } from '../core/verdict.ts';
import { type ChatItem, chatRubric, type TaskDomain, type TaskItem } from '../data/tasks/index.ts';
import type { TextTokenizer } from '../tokenizer/index.ts';
import { type Rollout, sampleGroups, verifierText, verifyWithTimeout } from '../train/index.ts';
import { scoredAnswer } from '../verifiers/preference/index.ts';
import type { DomainScore } from './lineage.ts';
import type { Recipe } from './recipe.ts';
import { evaluationItems, rolloutPrompt } from './tasks.ts';
import type { CascadeVerifiers } from './verifiers.ts';

export interface EvaluateOptions {
  engine: StepEngine;
  tokenizer: TextTokenizer;
  family: ChatFamily;
  recipe: Recipe;
  verifiers: CascadeVerifiers;
  rewardModel?: PreferenceScorer;
  seed: number;
  /** Only these of the recipe's evaluation domains; default: all of them. */
  domains?: readonly TaskDomain[];
  /** Called after each domain × mode with its score. */
  onScore?: (score: DomainScore) => void;
}

/** Domains answered in prose: scored by the chat rubric, and by the reward model when there is one. */
export const REWARD_MODEL_DOMAINS: readonly TaskDomain[] = ['chat', 'preference'];

const PROMPTS_PER_CALL = 16;
const VERIFY_TIMEOUT_MS = 30_000;

interface Scored {
  item: TaskItem;
  rollout: Rollout;
  /** Absent for prose domains, which the chat rubric (and the reward model) score instead. */
  verdict?: Verdict;
}

export async function evaluateDomains(options: EvaluateOptions): Promise<DomainScore[]> {
  const { evaluation } = options.recipe;
  const scores: DomainScore[] = [];
  for (const domain of evaluation.domains) {
    if (options.domains && !options.domains.includes(domain)) continue;
    const items = evaluationItems(options.recipe, domain);
    for (const mode of evaluation.modes) {
      const score = await evaluateDomain(options, domain, mode, items);
      scores.push(score);
      options.onScore?.(score);
    }
  }
  return scores;
}

async function evaluateDomain(
  options: EvaluateOptions,
  domain: TaskDomain,
  mode: ChatMode,
  items: TaskItem[],
): Promise<DomainScore> {
  const { evaluation } = options.recipe;
  const codec = { family: options.family, tokenizer: options.tokenizer };
  // prose domains have no verifier: the chat rubric (and the reward model) score them below
  const verifier = REWARD_MODEL_DOMAINS.includes(domain)
    ? undefined
    : options.verifiers.verifierFor(domain, options.rewardModel);
  // each chunk's verification (sandboxed programs for code) runs while the next chunk samples
  const pending: Promise<Scored[]>[] = [];
  for (let start = 0; start < items.length; start += PROMPTS_PER_CALL) {
    const chunk = items.slice(start, start + PROMPTS_PER_CALL);
    const groups = await sampleGroups(
      options.engine,
      codec,
      chunk.map((item) => ({ prompt: rolloutPrompt(item), mode })),
      {
        groupSize: evaluation.samples,
        maxNewTokens: evaluation.maxNewTokens,
        temperature: evaluation.temperature,
        topP: evaluation.topP,
      },
      options.seed + start,
    );
    const rollouts = groups.flatMap((group, index) =>
      group.map((rollout) => ({ item: chunk[index], rollout })),
    );
    pending.push(
      Promise.all(
        rollouts.map(async ({ item, rollout }) => ({
          item,
          rollout,
          verdict: verifier
            ? await verifyWithTimeout(verifier, item.task, verifierText(rollout), VERIFY_TIMEOUT_MS)
            : undefined,
        })),
      ),
    );
  }
  const scored = (await Promise.all(pending)).flat();
  const detail: Record<string, number> = { samples: scored.length, correct: 0, truncated: 0, errors: 0 };
  let total = 0;
  let tokens = 0;
  const rmInputs: { prompt: string; answer: string }[] = [];
  for (const { item, rollout, verdict } of scored) {
    tokens += rollout.responseIds.length;
    if (rollout.truncated) detail.truncated++;
    if (!verdict) {
      const rubric = chatRubric(item as ChatItem, rollout.text);
      total += rubric.score;
      if (rubric.correct) detail.correct++;
      if (rubric.concise) detail.concise = (detail.concise ?? 0) + 1;
      rmInputs.push({
        prompt: (item.task as { prompt: string }).prompt,
        answer: scoredAnswer(verifierText(rollout)).answer,
      });
      continue;
    }
    if (verdict.status !== 'scored') detail.errors++;
    if (verdict.correct) detail.correct++;
    total += domain === 'swe' ? Math.min(1, Math.max(0, verdict.reward)) : verdict.correct ? 1 : 0;
  }
  if (options.rewardModel && rmInputs.length > 0) {
    const rm = await options.rewardModel(rmInputs);
    detail.rm_score = rm.reduce((sum, value) => sum + value, 0) / rm.length;
  }
  return {
    domain,
    mode,
    score: scored.length > 0 ? total / scored.length : 0,
    meanResponseTokens: scored.length > 0 ? tokens / scored.length : 0,
    detail,
  };
}
