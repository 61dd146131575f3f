/**
 * Checks one response against a row's instructions, in IFEval's strict and loose modes (upstream
 * `evaluation_lib.py`). Parse first (ids to checkers, kwargs through their schemas; any problem is a
 * `CascadeError` naming the instruction and key), then check: an instruction is followed when the
 * text is not blank and its checker passes; loose mode passes if any response variant does.
 */
import { CascadeError } from '../../core/errors.ts';
import type { InstructionChecker } from './checker.ts';
import { looseVariants } from './loose.ts';
import { type InstructionSuite, instructionRegistry } from './registry.ts';
import { pyStrip } from './text/python-string.ts';

export interface InstructionRow {
  response: string;
  instruction_id_list: readonly string[];
  /** One kwargs object per instruction; null (or null values) mean absent, as in the published rows. */
  kwargs: readonly (Record<string, unknown> | null | undefined)[];
  /** The prompt, for checkers that read it. */
  prompt?: string;
}

export type InstructionMode = 'strict' | 'loose';

export interface VerifyInstructionsOptions {
  /** Which modes to score; both by default. */
  modes?: readonly InstructionMode[];
  /** Which catalogue the ids come from; `all` by default. */
  suite?: InstructionSuite;
}

export interface InstructionResult {
  id: string;
  kwargs: Record<string, unknown>;
  strict?: boolean;
  loose?: boolean;
}

/** One mode's outcome for the row: IFEval's `follow_instruction_list` and `follow_all_instructions`. */
export interface ModeOutcome {
  followed: boolean[];
  /** Every instruction followed (the prompt-level hit). */
  promptLevel: boolean;
  instructionsFollowed: number;
  instructionsTotal: number;
}

export interface InstructionsOutcome {
  instructions: InstructionResult[];
  strict?: ModeOutcome;
  loose?: ModeOutcome;
}

interface PreparedInstruction {
  id: string;
  checker: InstructionChecker;
  kwargs: Record<string, unknown>;
}

/** Resolves every id and validates every kwargs object, or throws naming the first bad one. */
export function prepareInstructions(
  row: Pick<InstructionRow, 'instruction_id_list' | 'kwargs'>,
  suite: InstructionSuite = 'all',
): PreparedInstruction[] {
  const registry = instructionRegistry(suite);
  if (row.kwargs.length !== row.instruction_id_list.length) {
    throw new CascadeError(
      'instruction-kwargs',
      `${row.instruction_id_list.length} instructions but ${row.kwargs.length} kwargs objects`,
      { where: 'kwargs' },
    );
  }
  return row.instruction_id_list.map((id, index) => {
    const checker = registry.get(id);
    if (!checker) {
      throw new CascadeError('instruction-unknown', `unknown instruction id "${id}" (suite ${suite})`, {
        where: `instruction_id_list[${index}]`,
      });
    }
    const parsed = checker.kwargs.safeParse(row.kwargs[index] ?? {});
    if (!parsed.success) {
      const problems = parsed.error.issues.map(
        (issue) => `${issue.path.join('.') || '(kwargs)'}: ${issue.message}`,
      );
      throw new CascadeError('instruction-kwargs', `bad kwargs for ${id}: ${problems.join('; ')}`, {
        where: `kwargs[${index}]`,
      });
    }
    return { id, checker, kwargs: parsed.data };
  });
}

/** Upstream's rule for one text: not blank, and the checker passes. */
function follows(instruction: PreparedInstruction, text: string, prompt: string): boolean {
  return pyStrip(text) !== '' && instruction.checker.check(text, instruction.kwargs, prompt);
}

function outcome(followed: boolean[]): ModeOutcome {
  const instructionsFollowed = followed.filter(Boolean).length;
  return {
    followed,
    promptLevel: instructionsFollowed === followed.length,
    instructionsFollowed,
    instructionsTotal: followed.length,
  };
}

/** Scores prepared instructions on a response; pure, and the part a caller may reuse across responses. */
export function checkInstructions(
  instructions: readonly PreparedInstruction[],
  response: string,
  prompt: string,
  modes: readonly InstructionMode[] = ['strict', 'loose'],
): InstructionsOutcome {
  const results: InstructionResult[] = instructions.map(({ id, kwargs }) => ({ id, kwargs }));
  const result: InstructionsOutcome = { instructions: results };
  // The first loose variant is the response itself, so a strict pass is a loose pass.
  const strictFollowed = instructions.map((instruction) => follows(instruction, response, prompt));
  if (modes.includes('strict')) {
    strictFollowed.forEach((value, index) => {
      results[index].strict = value;
    });
    result.strict = outcome(strictFollowed);
  }
  if (modes.includes('loose')) {
    // Variants often coincide (no `*`, one line): each distinct text is checked once.
    const others = [...new Set(looseVariants(response).map((variant) => variant.text))].filter(
      (text) => text !== response,
    );
    const followed = instructions.map(
      (instruction, index) =>
        strictFollowed[index] || others.some((text) => follows(instruction, text, prompt)),
    );
    followed.forEach((value, index) => {
      results[index].loose = value;
    });
    result.loose = outcome(followed);
  }
  return result;
}

/** Checks `row.response` against the row's instructions; throws a `CascadeError` for an unknown id or bad kwargs. */
export function verifyInstructions(
  row: InstructionRow,
  options: VerifyInstructionsOptions = {},
): InstructionsOutcome {
  const instructions = prepareInstructions(row, options.suite ?? 'all');
  return checkInstructions(instructions, row.response, row.prompt ?? '', options.modes);
}
