/**
 * Reward-model scoring (paper-spec §4.1): the RM scores the question with the model's answer. A
 * thinking response is scored on the text after `</think>`; one whose `<think>` never closed is
 * scored whole (it is unfinished, and the RM naturally scores it low). The score is the reward as is:
 * normalising within a group is the trainer's job. `correct` is always false: an RM score has no
 * notion of correctness, and no threshold would be honest. The code-switch penalty is the language
 * verifier's job.
 */
import { failed, type PreferenceScorer, scored, type Verdict, type Verifier } from '../../core/verdict.ts';
import type { PreferenceTask } from './task.ts';

/** The part of a response the reward model sees. */
export function scoredAnswer(response: string): { answer: string; finished: boolean } {
  const close = response.lastIndexOf('</think>');
  if (close >= 0) return { answer: response.slice(close + '</think>'.length).trim(), finished: true };
  return { answer: response, finished: !response.includes('<think>') };
}

/** Scores many responses with one scorer call; every verdict is an error if the batch fails. */
export async function scorePreferenceBatch(
  scorer: PreferenceScorer,
  items: readonly { task: PreferenceTask; response: string }[],
  signal?: AbortSignal,
): Promise<Verdict[]> {
  if (items.length === 0) return [];
  const answers = items.map((item) => scoredAnswer(item.response));
  if (signal?.aborted) return items.map(() => failed('timeout', 'aborted before scoring'));
  let scores: number[];
  try {
    scores = await scorer(
      items.map((item, index) => ({ prompt: item.task.prompt, answer: answers[index].answer })),
    );
  } catch (error) {
    const status = signal?.aborted ? 'timeout' : 'error';
    return items.map(() => failed(status, `reward model failed: ${(error as Error).message}`));
  }
  if (!Array.isArray(scores) || scores.length !== items.length) {
    return items.map(() =>
      failed('error', `reward model returned ${scores?.length} scores for ${items.length} answers`),
    );
  }
  return scores.map((score, index) => {
    const details = { score, finished: answers[index].finished, answer_chars: answers[index].answer.length };
    if (!Number.isFinite(score)) return failed('error', `reward model returned ${score}`, details);
    const note = answers[index].finished ? '' : ' (unfinished thinking, scored whole)';
    return scored(score, false, `reward model score ${score}${note}`, details);
  });
}

/** A per-response verifier over a batched scorer (one scorer call per response). */
export function preferenceVerifier(scorer: PreferenceScorer): Verifier<PreferenceTask> {
  return async (task, response, context) => {
    const [verdict] = await scorePreferenceBatch(scorer, [{ task, response }], context?.signal);
    return verdict;
  };
}
