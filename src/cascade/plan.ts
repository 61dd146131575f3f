/**
 * The resolved plan of a recipe: what each stage will do, with the values that matter (steps, data,
 * lengths, learning rate, group size, filters), as text for `cascade plan`. Pure.
 */
import type { Recipe, StageRecipe } from './recipe.ts';
import { stageHashes } from './runner.ts';

export interface PlannedStage {
  index: number;
  name: string;
  kind: StageRecipe['kind'];
  domains: string[];
  configHash: string;
  /** One line per fact worth seeing before a run. */
  facts: string[];
}

export function planStages(recipe: Recipe, seed: number): PlannedStage[] {
  const hashes = stageHashes(recipe, seed);
  return recipe.stages.map((stage, index) => ({
    index,
    name: stage.name,
    kind: stage.kind,
    domains: stage.kind === 'reward-model' ? ['preference'] : stage.domains,
    configHash: hashes[index],
    facts: stageFacts(stage),
  }));
}

function stageFacts(stage: StageRecipe): string[] {
  switch (stage.kind) {
    case 'sft':
      return stage.sft.stages.map(
        (sub) =>
          `${sub.name}: max ${sub.maxSequenceLength} tokens, ${sub.tokensPerStep} tokens/step, ` +
          `${sub.epochs} epoch(s)${sub.maxSteps ? `, at most ${sub.maxSteps} steps` : ''}, ` +
          `mix ${Object.entries(sub.mix)
            .map(([source, weight]) => `${source}×${weight}`)
            .join(' ')}, ${sub.schedule.kind} LR ${sub.schedule.learningRate}`,
      );
    case 'reward-model':
      return [
        `Bradley–Terry, ${stage.rewardModel.epochs} epoch(s), ${stage.rewardModel.pairsPerStep} pairs/step, ` +
          `LR ${stage.rewardModel.schedule.learningRate}, ${stage.evalPairs} held-out pairs`,
      ];
    case 'grpo': {
      const g = stage.grpo;
      return [
        `${g.promptsPerStep} prompts × ${g.groupSize} rollouts per step, one on-policy update per batch, ` +
          `${g.lossAggregation} loss, LR ${g.schedule.learningRate}` +
          `${g.klCoefficient > 0 ? `, KL ${g.klCoefficient}` : ', no KL'}`,
        `thinking: ${g.thinkingMode}; reward: ${g.rewardComposition}${g.rewardShaping !== 'none' ? ` (${g.rewardShaping})` : ''}; ` +
          `dynamic filter: ${g.dynamicFilter}`,
        ...g.subStages.map(
          (sub) =>
            `${sub.name}: ${sub.steps} steps, max ${sub.maxResponseLength} response tokens, ` +
            `T ${sub.temperature}, top-p ${sub.topP}, overlong ${sub.overlong}`,
        ),
      ];
    }
    case 'distill':
      return [
        `MOPD ${stage.distill.steps} steps, ${stage.distill.promptsPerStep} prompts × ${stage.distill.groupSize}, ` +
          `teachers ${Object.entries(stage.teachers)
            .map(([domain, teacher]) => `${domain}←${teacher}`)
            .join(' ')}`,
      ];
  }
}

export function formatPlan(recipe: Recipe, seed: number, out: string): string {
  const lines = [
    `recipe ${recipe.name}: ${recipe.description ?? ''}`.trimEnd(),
    `engine ${recipe.engine}, chat ${recipe.chat}, tokenizer ${recipe.tokenizer}, seed ${seed}, out ${out}`,
    recipe.model.checkpoint
      ? `model: checkpoint ${recipe.model.checkpoint}`
      : `model: from scratch, ${JSON.stringify(recipe.model.architecture)}`,
    '',
  ];
  for (const stage of planStages(recipe, seed)) {
    lines.push(
      `${stage.index + 1}. ${stage.name} [${stage.kind}] domains ${stage.domains.join(', ')}  #${stage.configHash}`,
    );
    for (const fact of stage.facts) lines.push(`     ${fact}`);
  }
  const e = recipe.evaluation;
  lines.push(
    '',
    `evaluation after every stage: ${e.domains.join(', ')} in ${e.modes.join(' and ')} mode; ` +
      `${e.prompts} held-out prompts × ${e.samples} samples, ≤ ${e.maxNewTokens} tokens, T ${e.temperature}, top-p ${e.topP}`,
  );
  return `${lines.join('\n')}\n`;
}
