/**
 * The instruction catalogues as plain maps from id to checker. IFBench's registry holds IFEval's
 * 25 classic ids beside its own 58, so `ifbench` and `all` include both; no id is defined twice.
 */
import { CascadeError } from '../../core/errors.ts';
import type { InstructionChecker } from './checker.ts';
import { ifbenchCheckers } from './ifbench/index.ts';
import { ifevalCheckers } from './ifeval/index.ts';

export type InstructionSuite = 'ifeval' | 'ifbench' | 'all';

function toMap(checkers: readonly InstructionChecker[]): ReadonlyMap<string, InstructionChecker> {
  const byId = new Map<string, InstructionChecker>();
  for (const checker of checkers) {
    if (byId.has(checker.id)) {
      throw new CascadeError('instruction-registry', `instruction id ${checker.id} is defined twice`);
    }
    byId.set(checker.id, checker);
  }
  return byId;
}

const IFEVAL = toMap(ifevalCheckers);
const WITH_IFBENCH = toMap([...ifevalCheckers, ...ifbenchCheckers]);

/** The checkers of one suite, keyed by instruction id. */
export function instructionRegistry(which: InstructionSuite): ReadonlyMap<string, InstructionChecker> {
  return which === 'ifeval' ? IFEVAL : WITH_IFBENCH;
}
