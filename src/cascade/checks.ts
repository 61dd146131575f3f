/**
 * The claims a cascade run is judged by (issue 7's bar, the paper's findings in miniature), computed
 * from the lineages of one or more seeds. Means are over seeds; a claim holds when the mean does.
 */
import type { DomainScore, Lineage } from './lineage.ts';

export interface Check {
  claim: string;
  holds: boolean;
  detail: string;
}

/** How far a later stage may lower an earlier RL domain before it counts as forgetting. */
export const FORGETTING_MARGIN = 0.05;

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(values.length, 1);
const fmt = (value: number) => value.toFixed(3);

/** `before → after`, with more digits when three would print a real change as none. */
export function change(before: number, after: number): string {
  const digits = before !== after && fmt(before) === fmt(after) ? 6 : 3;
  return `${before.toFixed(digits)} → ${after.toFixed(digits)}`;
}

/** Mean score over seeds of a domain after stage `index` (−1: the stage before the first), in `modes`. */
function scoreAt(lineages: Lineage[], index: number, domain: string, modes: readonly string[]): number {
  return mean(
    lineages.map((lineage) => {
      const evaluation = index < 0 ? lineage.base : lineage.stages[index]?.evaluation;
      const cells = (evaluation ?? []).filter((cell) => cell.domain === domain && modes.includes(cell.mode));
      return mean(cells.map((cell) => cell.score));
    }),
  );
}

function cellAt(lineage: Lineage, index: number, domain: string, mode: string): DomainScore | undefined {
  return lineage.stages[index]?.evaluation?.find((cell) => cell.domain === domain && cell.mode === mode);
}

export function cascadeChecks(lineages: Lineage[], thinkingModes: Record<string, string>): Check[] {
  const [first] = lineages;
  if (!first) return [];
  const checks: Check[] = [];
  const stages = first.stages;
  const evaluated = new Set((first.stages[0]?.evaluation ?? []).map((cell) => cell.domain));
  const rlDomainsSoFar: { domain: string; stage: number }[] = [];

  for (const [index, record] of stages.entries()) {
    if (record.kind !== 'grpo') continue;
    const modes = modesOf(thinkingModes[record.name]);
    for (const domain of record.domains.filter((d) => evaluated.has(d))) {
      const before = scoreAt(lineages, index - 1, domain, modes);
      const after = scoreAt(lineages, index, domain, modes);
      checks.push({
        claim: `${record.name} raises ${domain} (${modes.join('+')})`,
        holds: after > before,
        detail: change(before, after),
      });
    }
    // forgetting: every domain an earlier RL stage trained, measured in both modes
    const drops = rlDomainsSoFar
      .filter((earlier) => !record.domains.includes(earlier.domain))
      .map((earlier) => {
        const before = scoreAt(lineages, index - 1, earlier.domain, ['think', 'no_think']);
        const after = scoreAt(lineages, index, earlier.domain, ['think', 'no_think']);
        return { domain: earlier.domain, before, after };
      });
    if (drops.length > 0) {
      const worst = drops.reduce((a, b) => (b.after - b.before < a.after - a.before ? b : a));
      checks.push({
        claim: `${record.name} lowers no earlier RL domain by more than ${FORGETTING_MARGIN}`,
        holds: drops.every((drop) => drop.before - drop.after <= FORGETTING_MARGIN),
        detail: `largest change ${worst.domain} ${change(worst.before, worst.after)}`,
      });
    }
    for (const domain of record.domains) rlDomainsSoFar.push({ domain, stage: index });
  }

  const last = stages.length - 1;
  if (evaluated.has('math')) {
    const think = scoreAt(lineages, last, 'math', ['think']);
    const instruct = scoreAt(lineages, last, 'math', ['no_think']);
    checks.push({
      claim: 'thinking mode beats instruct mode on math (final model)',
      holds: think > instruct,
      detail: `think ${fmt(think)} vs instruct ${fmt(instruct)}`,
    });
  }

  const rlhf = stages.findIndex((record) => record.kind === 'grpo' && record.domains.includes('chat'));
  if (rlhf > 0 && evaluated.has('chat')) {
    const lengths = (index: number) =>
      mean(
        lineages.flatMap((l) =>
          ['think', 'no_think'].map((m) => cellAt(l, index, 'chat', m)?.meanResponseTokens ?? 0),
        ),
      );
    const rm = (index: number) =>
      mean(
        lineages.flatMap((l) =>
          ['think', 'no_think'].map((m) => cellAt(l, index, 'chat', m)?.detail.rm_score ?? 0),
        ),
      );
    const shorter = lengths(rlhf) < lengths(rlhf - 1);
    const higher = rm(rlhf) > rm(rlhf - 1);
    checks.push({
      claim: 'RLHF shortens chat responses or raises the reward model score',
      holds: shorter || higher,
      detail: `length ${lengths(rlhf - 1).toFixed(1)} → ${lengths(rlhf).toFixed(1)} tokens; RM score ${fmt(rm(rlhf - 1))} → ${fmt(rm(rlhf))}`,
    });
  }
  return checks;
}

/** The evaluation modes a stage's thinking setting trains. */
export function modesOf(thinkingMode: string | undefined): string[] {
  if (thinkingMode === 'think') return ['think'];
  if (thinkingMode === 'no_think') return ['no_think'];
  return ['think', 'no_think'];
}
