/**
 * IFEval's report over many rows (upstream `print_report`): prompt-level accuracy (rows with every
 * instruction followed), instruction-level accuracy (followed / total), and accuracy per category
 * (the id's namespace) and per id, for the strict and the loose mode separately.
 */
import { CascadeError } from '../../core/errors.ts';
import type { InstructionMode, InstructionsOutcome } from './verify.ts';

export interface InstructionAccuracy {
  prompts: number;
  instructions: number;
  /** Fraction of rows whose instructions were all followed. */
  promptLevel: number;
  /** Fraction of all instructions followed. */
  instructionLevel: number;
  /** Accuracy per namespace, e.g. `keywords`. */
  byCategory: Record<string, number>;
  /** Accuracy per instruction id. */
  byInstruction: Record<string, number>;
}

function ratios(followed: Map<string, number>, total: Map<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of [...total.keys()].sort()) out[key] = (followed.get(key) ?? 0) / total.get(key)!;
  return out;
}

function add(map: Map<string, number>, key: string, amount: number): void {
  map.set(key, (map.get(key) ?? 0) + amount);
}

/** Accuracy of one mode over `outcomes`; every outcome must have been scored in that mode. */
export function instructionAccuracy(
  outcomes: readonly InstructionsOutcome[],
  mode: InstructionMode,
): InstructionAccuracy {
  if (outcomes.length === 0) throw new CascadeError('instruction-accuracy', 'no results to aggregate');
  let promptsFollowed = 0;
  let instructions = 0;
  let instructionsFollowed = 0;
  const categoryTotal = new Map<string, number>();
  const categoryFollowed = new Map<string, number>();
  const idTotal = new Map<string, number>();
  const idFollowed = new Map<string, number>();
  outcomes.forEach((outcome, row) => {
    const scored = outcome[mode];
    if (!scored)
      throw new CascadeError('instruction-accuracy', `result was not scored in ${mode} mode`, {
        where: `results[${row}]`,
      });
    if (scored.promptLevel) promptsFollowed++;
    instructions += scored.instructionsTotal;
    instructionsFollowed += scored.instructionsFollowed;
    outcome.instructions.forEach(({ id }, index) => {
      const hit = scored.followed[index] ? 1 : 0;
      const category = id.split(':')[0];
      add(categoryTotal, category, 1);
      add(categoryFollowed, category, hit);
      add(idTotal, id, 1);
      add(idFollowed, id, hit);
    });
  });
  if (instructions === 0) throw new CascadeError('instruction-accuracy', 'the results hold no instructions');
  return {
    prompts: outcomes.length,
    instructions,
    promptLevel: promptsFollowed / outcomes.length,
    instructionLevel: instructionsFollowed / instructions,
    byCategory: ratios(categoryFollowed, categoryTotal),
    byInstruction: ratios(idFollowed, idTotal),
  };
}

/** Both modes at once, as IFEval reports them. */
export function ifevalReport(
  outcomes: readonly InstructionsOutcome[],
): Record<InstructionMode, InstructionAccuracy> {
  return { strict: instructionAccuracy(outcomes, 'strict'), loose: instructionAccuracy(outcomes, 'loose') };
}
