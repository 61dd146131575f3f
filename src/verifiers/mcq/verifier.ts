/**
 * The MCQ verifier: strip the reasoning, extract one letter, compare with the gold letter.
 * A thinking response whose `<think>` never closed has no answer (NeMo-Skills `parse_reasoning`
 * treats an unfinished trace the same way): reward 0, never a guess from inside the reasoning.
 */
import { scored, type Verdict, type Verifier } from '../../core/verdict.ts';
import { extractChoiceLetter } from './extract.ts';
import type { McqTask } from './task.ts';

/** The text after the last `</think>`; undefined when a `<think>` was opened and never closed. */
export function finalAnswerText(response: string): string | undefined {
  const close = response.lastIndexOf('</think>');
  if (close >= 0) return response.slice(close + '</think>'.length);
  if (response.includes('<think>')) return undefined;
  return response;
}

export const mcqVerifier: Verifier<McqTask> = async (task, response): Promise<Verdict> => {
  const answerText = finalAnswerText(response);
  if (answerText === undefined) {
    return scored(0, false, 'reasoning never finished (no </think>): no answer', { expected: task.answer });
  }
  const match = extractChoiceLetter(answerText, task.letters);
  if (!match) return scored(0, false, 'no answer letter found', { expected: task.answer, predicted: null });
  const correct = match.letter === task.answer;
  const details = { expected: task.answer, predicted: match.letter, pattern: match.pattern };
  return correct
    ? scored(1, true, `answer ${match.letter} (${match.pattern}) is correct`, details)
    : scored(0, false, `expected ${task.answer}, got ${match.letter} (${match.pattern})`, details);
};
