/**
 * The shape every synthetic task suite produces: one item per prompt, carrying the verifier's task
 * row and a correct teacher response for SFT. Row types are written here structurally (data may not
 * import verifiers); `test/tasks/` checks each one against the verifier's own zod schema.
 */
import type { ChatMode, Message } from '../../core/messages.ts';

export type TaskDomain = 'chat' | 'preference' | 'ifeval' | 'math' | 'code' | 'swe' | 'mcq';
export type TaskSplit = 'train' | 'eval';
export type Difficulty = 'easy' | 'medium' | 'hard';
/** One level, or weights over levels (normalised; a missing level weighs 0). */
export type DifficultyMix = Difficulty | Partial<Record<Difficulty, number>>;

/** Which verifier scores a suite's rows (the names of src/verifiers/registry.ts, plus the RM). */
export type TaskVerifierDomain = 'math' | 'ifeval' | 'code' | 'swe' | 'mcq' | 'preference';

export interface GenerateOptions {
  seed: number;
  count: number;
  split: TaskSplit;
  /** Default: an even mix of the three levels. */
  difficulty?: DifficultyMix;
}

/** A correct teacher response: thinking mode uses `reasoning` + `answer`, instruct mode `answer` alone. */
export interface TeacherReference {
  reasoning?: string;
  answer: string;
}

export interface TaskItem<Task = unknown> {
  /** `<domain>-<split>-<seed>-<index>`: stable for a given seed. */
  id: string;
  domain: TaskDomain;
  split: TaskSplit;
  difficulty: Difficulty;
  /** The prompt: an optional system message, then one user message. */
  messages: Message[];
  /** The verifier's task row. */
  task: Task;
  reference: TeacherReference;
}

/** `mathTaskSchema`: the gold answer. */
export interface MathRow {
  answer: string;
}

/** `instructionTaskSchema`, as IFEval's published rows write it. */
export interface IfevalRow {
  instruction_id_list: string[];
  kwargs: Record<string, unknown>[];
  prompt: string;
}

export interface CallTest {
  args: unknown[];
  expected: unknown;
}

/** `codeTaskSchema` with call-based tests. */
export interface CodeRow {
  language: 'python' | 'javascript';
  tests: { fn_name: string; tests: CallTest[] };
  time_limit_s: number;
}

/** `sweTaskSchema`. */
export interface SweRow {
  original_files: Record<string, string>;
  gold_patch: string;
  problem_statement: string;
}

/** `mcqTaskSchema`. */
export interface McqRow {
  answer: string;
  num_choices: number;
}

/** `preferenceTaskSchema` (and the language verifier's row): the question the answer answers. */
export interface PreferenceRow {
  prompt: string;
}

/** How a rejected answer is worse than the chosen one. */
export type PreferenceFlaw = 'verbose' | 'wrong' | 'off_topic';

/** One reward-model training pair. */
export interface PreferencePair {
  prompt: string;
  chosen: string;
  rejected: string;
  flaw: PreferenceFlaw;
}

export type MathItem = TaskItem<MathRow>;
export type IfevalItem = TaskItem<IfevalRow>;
export type CodeItem = TaskItem<CodeRow>;
export type McqItem = TaskItem<McqRow>;
/** A chat prompt, plus the word any correct answer to it contains (for `chatRubric`). */
export type ChatItem = TaskItem<PreferenceRow> & { key: string };
/** A repair task, plus call tests that the fixed file passes and the buggy one fails. */
export type SweItem = TaskItem<SweRow> & { fileTests: CodeRow; path: string };
/** A chat prompt with its reward-model pairs: the concise correct answer against each flaw. */
export type PreferenceItem = ChatItem & { pairs: PreferencePair[] };

/** An SFT example: the prompt, the teacher's assistant turn, and the mode to render it in. */
export interface SftConversation {
  messages: Message[];
  mode: ChatMode;
}

/**
 * Length budgets in UTF-8 bytes (one byte token each): the tiny model's context is 256–512
 * tokens. `total` bounds prompt + reasoning + answer together.
 */
export interface LengthLimits {
  prompt: number;
  reasoning: number;
  answer: number;
  total: number;
}

export const DEFAULT_LENGTH_LIMITS: LengthLimits = { prompt: 120, reasoning: 150, answer: 90, total: 300 };
/** Code and SWE prompts carry a spec or a file, and their answers a program or an edit. */
export const LONG_LENGTH_LIMITS: LengthLimits = { prompt: 220, reasoning: 150, answer: 128, total: 360 };
