/**
 * Code: tiny functions from a one-line spec, in Python or JavaScript, checked by call-based tests
 * in the code verifier's schema. The reference is the function in a fenced block of the asked
 * language; its thinking part is a few words of plan.
 */
import type { Rng } from '../../core/rng.ts';
import { CODE_FAMILIES, type CodeLanguage } from './code-specs.ts';
import { type Draft, generateItems, pick, userPrompt } from './generate.ts';
import type { CodeItem, CodeRow, Difficulty, GenerateOptions } from './types.ts';

const LANGUAGE_NAMES: Record<CodeLanguage, string> = { python: 'Python', javascript: 'JavaScript' };

/** Seconds per test: the programs are one-liners, so this only bounds a runaway answer. */
const TIME_LIMIT_S = 2;

export function fenced(language: CodeLanguage, code: string): string {
  return `\`\`\`${language}\n${code}\n\`\`\``;
}

function drawCode(rng: Rng, difficulty: Difficulty): Draft<CodeRow> {
  const family = pick(
    rng,
    CODE_FAMILIES.filter((candidate) => candidate.level === difficulty),
  );
  const language: CodeLanguage = rng.int(2) === 0 ? 'python' : 'javascript';
  const name = family.name;
  const spec = family.make(rng, language);
  const behaviour = spec.behaviour as (...args: unknown[]) => unknown;
  return {
    messages: userPrompt(
      `Write a ${LANGUAGE_NAMES[language]} function ${name}(${spec.params}) that ${spec.spec}.`,
    ),
    task: {
      language,
      tests: { fn_name: name, tests: spec.inputs.map((args) => ({ args, expected: behaviour(...args) })) },
      time_limit_s: TIME_LIMIT_S,
    },
    reference: { reasoning: spec.note, answer: fenced(language, spec.source[language](name)) },
  };
}

export function generateCode(options: GenerateOptions): CodeItem[] {
  return generateItems('code', options, drawCode);
}
