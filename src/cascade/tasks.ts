/**
 * What each stage of an embedded cascade trains and is evaluated on: the synthetic suites of
 * src/data/tasks, turned into SFT conversations, reward-model pairs, GRPO prompts and held-out
 * evaluation prompts. Pure: everything follows from the recipe and the seed.
 */
import { CascadeError } from '../core/errors.ts';
import type { ChatMode } from '../core/messages.ts';
import {
  type DifficultyMix,
  type PreferenceItem,
  preferencePairs,
  sftConversation,
  TASK_SUITES,
  type TaskDomain,
  type TaskItem,
  type TaskSplit,
} from '../data/tasks/index.ts';
import type { PreferencePair, RolloutPrompt, SftExample } from '../train/index.ts';
import type { Recipe } from './recipe.ts';

/** The evaluation set is the same for every seed of a recipe, so seeds compare on one set. */
export const EVALUATION_SEED = 0;

export function trainItemCount(recipe: Recipe, domain: TaskDomain): number {
  return recipe.data.trainItems[domain] ?? recipe.data.defaultTrainItems;
}

/** The train items of a domain; a count beyond the suite's prompt space names the recipe key. */
function trainItems(recipe: Recipe, domain: TaskDomain, seed: number): TaskItem[] {
  try {
    return taskItems(domain, 'train', trainItemCount(recipe, domain), seed, recipe.data.difficulty[domain]);
  } catch (error) {
    if (!(error instanceof CascadeError)) throw error;
    throw new CascadeError('recipe.data', `${error.message}; lower it`, {
      where: `data.trainItems.${domain}`,
      cause: error,
    });
  }
}

export function taskItems(
  domain: TaskDomain,
  split: TaskSplit,
  count: number,
  seed: number,
  difficulty?: DifficultyMix,
): TaskItem[] {
  return TASK_SUITES[domain].generate({ split, count, seed, difficulty });
}

/** Every train item of each domain in each of the modes its suite is written in. */
export function sftData(recipe: Recipe, domains: readonly TaskDomain[], seed: number) {
  const data: Record<string, SftExample[]> = {};
  for (const domain of domains) {
    const items = trainItems(recipe, domain, seed);
    data[domain] = items.flatMap((item) =>
      TASK_SUITES[domain].sftModes.map((mode) => sftConversation(item, mode)),
    );
  }
  return data;
}

export function rewardModelPairs(
  recipe: Recipe,
  seed: number,
  evalPairs: number,
): { train: PreferencePair[]; held: PreferencePair[] } {
  const train = trainItems(recipe, 'preference', seed);
  const held = taskItems(
    'preference',
    'eval',
    Math.ceil(evalPairs / 3),
    EVALUATION_SEED,
    recipe.data.difficulty.preference,
  );
  return {
    train: preferencePairs(train as PreferenceItem[]),
    held: preferencePairs(held as PreferenceItem[]).slice(0, evalPairs),
  };
}

export function rolloutPrompt(item: TaskItem): RolloutPrompt {
  return { id: item.id, domain: item.domain, messages: item.messages, task: item.task };
}

export function grpoPrompts(recipe: Recipe, domains: readonly TaskDomain[], seed: number): RolloutPrompt[] {
  return domains.flatMap((domain) => trainItems(recipe, domain, seed).map(rolloutPrompt));
}

export function evaluationPromptCount(recipe: Recipe, domain: TaskDomain): number {
  return recipe.evaluation.promptsByDomain[domain] ?? recipe.evaluation.prompts;
}

export function evaluationItems(recipe: Recipe, domain: TaskDomain): TaskItem[] {
  return taskItems(
    domain,
    'eval',
    evaluationPromptCount(recipe, domain),
    EVALUATION_SEED,
    recipe.data.difficulty[domain],
  );
}

export const MODES: readonly ChatMode[] = ['think', 'no_think'];
