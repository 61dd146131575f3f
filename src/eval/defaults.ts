/**
 * Sampling settings per model family and benchmark, from the model cards and papers
 * (paper-spec.md §5.1): Cascade-1 samples at temperature 0.6, top-p 0.95 with a 64K budget in
 * thinking mode (32K for IFEval/IFBench); Cascade-2 at temperature 1.0, top-p 0.95 with 128K (AIME:
 * top-p 1.0; IFBench: 0.6 / 0.95 / 32K). Qwen3's card recommends 0.6 / 0.95 / top-k 20 for thinking.
 * Samples per problem follow the papers' avg@k: AIME 64, GPQA/LCB/IFEval/IFBench 8, MATH-500 4
 * (AceReason), MMLU-Pro and BFCL 1. Command-line flags override any of these.
 */
import type { ChatFamily, ChatMode } from '../core/messages.ts';
import type { SuiteName } from './suites/index.ts';

export interface SamplingSettings {
  n: number;
  temperature: number;
  topP: number;
  topK?: number;
  maxTokens: number;
  mode: ChatMode;
}

const SAMPLES: Record<SuiteName, number> = {
  aime24: 64,
  aime25: 64,
  math500: 4,
  livecodebench: 8,
  ifeval: 8,
  ifbench: 8,
  'gpqa-diamond': 8,
  'mmlu-pro': 1,
  bfcl: 1,
};

const K32 = 32_768;
const K64 = 65_536;
const K128 = 131_072;

export function defaultSampling(family: ChatFamily, suite: SuiteName): SamplingSettings {
  const n = SAMPLES[suite];
  const instruction = suite === 'ifeval' || suite === 'ifbench';
  if (family === 'cascade-v1')
    return { n, temperature: 0.6, topP: 0.95, maxTokens: instruction ? K32 : K64, mode: 'think' };
  if (family === 'cascade-v2') {
    if (instruction) return { n, temperature: 0.6, topP: 0.95, maxTokens: K32, mode: 'think' };
    const aime = suite === 'aime24' || suite === 'aime25';
    return { n, temperature: 1.0, topP: aime ? 1.0 : 0.95, maxTokens: K128, mode: 'think' };
  }
  return { n, temperature: 0.6, topP: 0.95, topK: 20, maxTokens: K32, mode: 'think' };
}
