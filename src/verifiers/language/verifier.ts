/**
 * The code-switching check behind the paper's language penalty (paper-spec §4.1, §4.3, §4.4): for a
 * purely English prompt, any non-English token in the thinking or the answer is a switch; for other
 * prompts, letters of scripts the prompt does not use are. The whole response is checked, reasoning
 * included. Clean: reward 0, correct. Switched: reward −1, not correct, spans in `details.spans`.
 * The −1 is a unit marker: each trainer stage maps it to its own penalty (RLHF min(batch) − 10,
 * Math −1, Code 0), so nothing here depends on the stage.
 */
import { scored, type Verdict, type Verifier } from '../../core/verdict.ts';
import { findForeignSpans, scriptsOf } from './detect.ts';
import { type LanguageTask, promptText } from './task.ts';

export const languageVerifier: Verifier<LanguageTask> = async (task, response): Promise<Verdict> => {
  const promptScripts = scriptsOf(promptText(task));
  const spans = findForeignSpans(response, promptScripts);
  const details = { prompt_scripts: [...promptScripts], spans };
  if (spans.length === 0) return scored(0, true, 'no language switch', details);
  const scripts = [...new Set(spans.flatMap((span) => span.scripts))];
  const sample = spans[0].text.length > 40 ? `${spans[0].text.slice(0, 40)}…` : spans[0].text;
  return scored(-1, false, `${spans.length} span(s) in ${scripts.join(', ')}, first "${sample}"`, details);
};
