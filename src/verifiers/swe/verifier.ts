/**
 * The Cascade SWE RL reward (paper-spec §4.5) on top of SWE-RL's lexical similarity:
 *   1   when the model's change is lexically identical to the gold change (s_lex = 1),
 *   0   when the edit leaves the code unchanged,
 *   −1  when the edit cannot be parsed or applied,
 *   otherwise s_sem = P(YES) from the semantic judge when one is given (the paper's choice, Table 12
 *   condition 3, no shaping), else s_lex (SWE-RL's own reward, condition 1).
 * `correct` means s_lex = 1. A gold patch that does not apply is the task's fault: status 'error'.
 */
import { failed, scored, type Verdict, type Verifier, type VerifyContext } from '../../core/verdict.ts';
import { applyModelEdit, extractSolutionLenient, extractSolutionStrict } from './edit.ts';
import { EditFormatError } from './edit-error.ts';
import { applyUnifiedDiff } from './patch-apply.ts';
import { parseUnifiedDiff } from './patch-parse.ts';
import { changeSimilarities, meanSimilarity, normalizedPatch } from './similarity.ts';
import type { SweTask } from './task.ts';

export interface SemanticJudgeContext {
  problemStatement?: string;
  originalFiles: Readonly<Record<string, string>>;
  /** The gold change, normalised like the model's (`--- a/path`/`+++ b/path` + hunks per file). */
  goldPatch: string;
  /** The model's change in the same form. */
  predictedPatch: string;
  response: string;
  signal?: AbortSignal;
}

/** Returns P("YES") in [0, 1] that the predicted patch fixes the issue (Kimi-Dev-style judge). */
export type SemanticJudge = (context: SemanticJudgeContext) => Promise<number>;

export interface SweVerifierOptions {
  semanticJudge?: SemanticJudge;
}

/** Normalised per-file changes as one patch text, for a judge or a person to read. */
export function formatPatch(changes: Map<string, string>): string {
  return [...changes].map(([path, change]) => `--- a/${path}\n+++ b/${path}\n${change}`).join('\n');
}

function goldContents(task: SweTask): Record<string, string> | string {
  try {
    return applyUnifiedDiff(task.original_files, parseUnifiedDiff(task.gold_patch));
  } catch (error) {
    if (error instanceof EditFormatError) return `gold_patch does not apply: ${error.message}`;
    throw error;
  }
}

export function createSweVerifier(options: SweVerifierOptions = {}): Verifier<SweTask> {
  return async (task, response, context: VerifyContext = {}): Promise<Verdict> => {
    const oracleContents = goldContents(task);
    if (typeof oracleContents === 'string') return failed('error', oracleContents);
    const oraclePatch = normalizedPatch(task.original_files, oracleContents);
    if (oraclePatch.size === 0) return failed('error', 'gold_patch changes nothing');

    let predicted: ReturnType<typeof applyModelEdit>;
    let thought: string | null;
    try {
      const solution = task.strict_format
        ? extractSolutionStrict(response)
        : extractSolutionLenient(response);
      thought = solution.thought;
      predicted = applyModelEdit(task.original_files, solution.answer);
    } catch (error) {
      if (!(error instanceof EditFormatError)) throw error;
      return scored(-1, false, `edit cannot be parsed or applied: ${error.message}`, {
        error: error.message,
      });
    }

    const predPatch = normalizedPatch(task.original_files, predicted.newContents);
    const similarities = changeSimilarities(predPatch, oraclePatch);
    const lexical = meanSimilarity(similarities);
    const details: Record<string, unknown> = {
      format: predicted.format,
      lexical_similarity: lexical,
      similarities,
      thought_chars: thought?.length ?? 0,
    };
    if (predPatch.size === 0) return scored(0, false, 'the edit leaves the code unchanged', details);
    if (lexical === 1) return scored(1, true, 'the change is identical to the gold patch', details);
    if (!options.semanticJudge) {
      return scored(lexical, false, `lexical similarity ${lexical.toFixed(4)} to the gold patch`, details);
    }

    if (context.signal?.aborted) return failed('timeout', 'aborted before the semantic judge ran', details);
    let judged: number;
    try {
      judged = await options.semanticJudge({
        problemStatement: task.problem_statement,
        originalFiles: task.original_files,
        goldPatch: formatPatch(oraclePatch),
        predictedPatch: formatPatch(predPatch),
        response,
        signal: context.signal,
      });
    } catch (error) {
      const status = context.signal?.aborted ? 'timeout' : 'error';
      return failed(status, `semantic judge failed: ${(error as Error).message}`, details);
    }
    if (!Number.isFinite(judged) || judged < 0 || judged > 1) {
      return failed('error', `semantic judge returned ${judged}, not a probability`, details);
    }
    return scored(judged, false, `semantic judge P(YES) = ${judged.toFixed(4)}`, {
      ...details,
      semantic: judged,
    });
  };
}

/** The lexical-only verifier (no judge). */
export const sweVerifier: Verifier<SweTask> = createSweVerifier();
