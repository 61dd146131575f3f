/**
 * The synthetic task suites of the tiny cascade, one per domain, and the two ways training uses
 * them: SFT conversations from an item's teacher reference, and preference pairs for the reward
 * model. Every suite is deterministic in its seed and keeps train and eval prompts apart.
 */
import { CascadeError } from '../../core/errors.ts';
import type { ChatMode } from '../../core/messages.ts';
import { generateChat } from './chat.ts';
import { generateCode } from './code.ts';
import { generateIfeval } from './ifeval.ts';
import { generateMath } from './math.ts';
import { generateMcq } from './mcq.ts';
import { generatePreference } from './preference.ts';
import { generateSwe } from './swe.ts';
import {
  DEFAULT_LENGTH_LIMITS,
  type GenerateOptions,
  type LengthLimits,
  LONG_LENGTH_LIMITS,
  type PreferenceItem,
  type PreferencePair,
  type SftConversation,
  type TaskDomain,
  type TaskItem,
  type TaskVerifierDomain,
} from './types.ts';

export {
  type ChatGenerateOptions,
  type ChatRubricScore,
  CONCISE_MAX_CHARS,
  chatRubric,
  generateChat,
} from './chat.ts';
export { generateCode } from './code.ts';
export { DIFFICULTIES, hashText, splitOfPrompt } from './generate.ts';
export { generateIfeval, plainIfevalAnswer } from './ifeval.ts';
export { generateMath } from './math.ts';
export { generateMcq } from './mcq.ts';
export { generatePreference } from './preference.ts';
export { generateSwe, searchReplaceBlock, wholeFileDiff } from './swe.ts';
export * from './types.ts';

export interface TaskSuite {
  generate(options: GenerateOptions): TaskItem[];
  /** The verifier that scores the suite's rows (`preference`: the reward model). */
  verifierDomain: TaskVerifierDomain;
  /**
   * The modes its SFT data is written in, as the paper does: general-domain prompts get parallel
   * thinking and instruct answers, math, code, SWE and MCQ thinking only.
   */
  sftModes: readonly ChatMode[];
  /** Byte budgets every generated item fits. */
  limits: LengthLimits;
}

const BOTH_MODES: readonly ChatMode[] = ['think', 'no_think'];
const THINKING_ONLY: readonly ChatMode[] = ['think'];

export const TASK_SUITES: Record<TaskDomain, TaskSuite> = {
  chat: {
    generate: generateChat,
    verifierDomain: 'preference',
    sftModes: BOTH_MODES,
    limits: DEFAULT_LENGTH_LIMITS,
  },
  preference: {
    generate: generatePreference,
    verifierDomain: 'preference',
    sftModes: BOTH_MODES,
    limits: DEFAULT_LENGTH_LIMITS,
  },
  ifeval: {
    generate: generateIfeval,
    verifierDomain: 'ifeval',
    sftModes: BOTH_MODES,
    limits: DEFAULT_LENGTH_LIMITS,
  },
  math: {
    generate: generateMath,
    verifierDomain: 'math',
    sftModes: THINKING_ONLY,
    limits: DEFAULT_LENGTH_LIMITS,
  },
  code: {
    generate: generateCode,
    verifierDomain: 'code',
    sftModes: THINKING_ONLY,
    limits: LONG_LENGTH_LIMITS,
  },
  swe: { generate: generateSwe, verifierDomain: 'swe', sftModes: THINKING_ONLY, limits: LONG_LENGTH_LIMITS },
  mcq: {
    generate: generateMcq,
    verifierDomain: 'mcq',
    sftModes: THINKING_ONLY,
    limits: DEFAULT_LENGTH_LIMITS,
  },
};

/**
 * The item's prompt followed by its teacher answer: in thinking mode the reasoning rides in
 * `reasoning_content` (the template puts it in `<think>`), in instruct mode the answer stands alone.
 */
export function sftConversation(item: TaskItem, mode: ChatMode): SftConversation {
  if (mode !== 'think' && mode !== 'no_think')
    throw new CascadeError('tasks', `mode must be think or no_think, not ${mode}`, { where: item.id });
  const assistant =
    mode === 'think'
      ? {
          role: 'assistant' as const,
          content: item.reference.answer,
          reasoning_content: item.reference.reasoning ?? '',
        }
      : { role: 'assistant' as const, content: item.reference.answer };
  return { messages: [...item.messages.map((message) => ({ ...message })), assistant], mode };
}

/** Every reward-model pair of the preference items, in item order. */
export function preferencePairs(items: readonly PreferenceItem[]): PreferencePair[] {
  return items.flatMap((item) => item.pairs);
}
