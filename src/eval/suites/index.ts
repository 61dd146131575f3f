/** Every suite by the name `--suite` takes. */
import { CascadeError } from '../../core/errors.ts';
import { bfclSuite } from './bfcl.ts';
import { ifbenchSuite, ifevalSuite } from './instruction.ts';
import { livecodebenchSuite } from './livecodebench.ts';
import { aime24Suite, aime25Suite, math500Suite } from './math.ts';
import { gpqaDiamondSuite, mmluProSuite } from './mcq.ts';
import type { Suite } from './suite.ts';

export const SUITE_NAMES = [
  'aime24',
  'aime25',
  'math500',
  'livecodebench',
  'ifeval',
  'ifbench',
  'gpqa-diamond',
  'mmlu-pro',
  'bfcl',
] as const;
export type SuiteName = (typeof SUITE_NAMES)[number];

export interface SuiteOptions {
  /** Seed of GPQA's per-question option shuffle (default 0). */
  gpqaSeed?: number;
}

export function getSuite(name: string, options: SuiteOptions = {}): Suite {
  const suites: Record<SuiteName, () => Suite> = {
    aime24: () => aime24Suite as Suite,
    aime25: () => aime25Suite as Suite,
    math500: () => math500Suite as Suite,
    livecodebench: () => livecodebenchSuite as Suite,
    ifeval: () => ifevalSuite as Suite,
    ifbench: () => ifbenchSuite as Suite,
    'gpqa-diamond': () => gpqaDiamondSuite(options.gpqaSeed ?? 0) as Suite,
    'mmlu-pro': () => mmluProSuite as Suite,
    bfcl: () => bfclSuite as Suite,
  };
  const make = suites[name as SuiteName];
  if (!make)
    throw new CascadeError('bad_option', `unknown suite "${name}"; known: ${SUITE_NAMES.join(', ')}`, {
      where: '--suite',
    });
  return make();
}

export type { EvalItem, Suite, SuiteMetrics } from './suite.ts';
