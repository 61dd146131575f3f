/**
 * Multiple-choice answer-letter extraction, as GPQA and MMLU-Pro harnesses do it
 * (verifiers-reference §7). Patterns are tried in a fixed order and the first that yields a letter
 * wins; the order and the harness each pattern comes from are in MCQ_PATTERNS below. It does not
 * strip reasoning (the verifier does that) and never guesses: no match is `undefined`, not a random letter.
 */

/** The letters MMLU-Pro uses (10 options); GPQA uses the first four. */
export const ALL_LETTERS = 'ABCDEFGHIJ';

export interface LetterMatch {
  letter: string;
  /** Name of the pattern that matched (see MCQ_PATTERNS). */
  pattern: McqPatternName;
}

export type McqPatternName = 'boxed' | 'answer-is' | 'answer-colon' | 'last-letter';

interface McqPattern {
  name: McqPatternName;
  find(text: string, letters: string): string | undefined;
}

/** A Unicode word character, as Python's `\b` sees it in a str pattern (JS `\b` is ASCII-only). */
const WORD_CHAR = /[\p{L}\p{N}_]/u;

function isWordChar(character: string | undefined): boolean {
  return character !== undefined && WORD_CHAR.test(character);
}

/** Positions of the letters in `text` that stand alone (no word character on either side). */
function standaloneLetters(text: string, letters: string): string[] {
  const found: string[] = [];
  const characters = Array.from(text);
  for (let index = 0; index < characters.length; index++) {
    const character = characters[index];
    if (!letters.includes(character)) continue;
    if (isWordChar(characters[index - 1]) || isWordChar(characters[index + 1])) continue;
    found.push(character);
  }
  return found;
}

/** The content of the last `\boxed{…}` (balanced braces), or undefined. */
export function lastBoxedContent(text: string): string | undefined {
  const start = text.lastIndexOf('\\boxed{');
  if (start < 0) return undefined;
  let depth = 0;
  for (let index = start + '\\boxed'.length; index < text.length; index++) {
    if (text[index] === '{') depth += 1;
    else if (text[index] === '}') {
      depth -= 1;
      if (depth === 0) return text.slice(start + '\\boxed{'.length, index);
    }
  }
  return undefined;
}

const MCQ_PATTERNS: readonly McqPattern[] = [
  {
    // NeMo-Skills (relaxed): `\boxed{}` first; one letter is the answer, longer text → its last standalone letter
    name: 'boxed',
    find(text, letters) {
      const content = lastBoxedContent(text);
      if (content === undefined) return undefined;
      const bare = content.replace(/\\text(?:bf)?\{([^{}]*)\}/g, '$1').replace(/[\s$(){}.*]/g, '');
      if (bare.length === 1 && letters.includes(bare)) return bare;
      return standaloneLetters(content.replace(/\\[a-zA-Z]+/g, ' '), letters).at(-1);
    },
  },
  {
    // MMLU-Pro official level 1: the first "answer is (X)" / "answer is X" (case-sensitive, as upstream);
    // we add that the letter must not start a word ("the answer is Apple" is no answer)
    name: 'answer-is',
    find(text, letters) {
      const pattern = new RegExp(`answer is \\(?([${letters}])\\)?(?![\\p{L}\\p{N}_])`, 'u');
      return pattern.exec(text)?.[1];
    },
  },
  {
    // "Answer: X" as the GPQA (simple-evals), MMLU-Pro level 2 and NeMo-Skills prompts ask for it; the
    // last such line wins (NeMo-Skills), "answer" in any case, markdown/$/( wrappers allowed, and the
    // letter itself must be uppercase (lighteval: "Answer: c" is not an answer)
    name: 'answer-colon',
    find(text, letters) {
      const pattern = new RegExp(
        `[*_]{0,2}[Aa][Nn][Ss][Ww][Ee][Rr][*_]{0,2}[ \\t]*:[\\s*_$(]*([${letters}])(?![\\p{L}\\p{N}_])`,
        'gu',
      );
      return Array.from(text.matchAll(pattern)).at(-1)?.[1];
    },
  },
  {
    // MMLU-Pro official level 3: the last standalone letter anywhere in the text
    name: 'last-letter',
    find: (text, letters) => standaloneLetters(text, letters).at(-1),
  },
];

/** Full-width letters and brackets (Ｃ, （Ｃ）) become ASCII; nothing else changes meaning. */
export function normalizeChoiceText(text: string): string {
  return text.normalize('NFKC');
}

/** The chosen letter, or undefined when no pattern matches. `letters` limits the options (default A–J). */
export function extractChoiceLetter(text: string, letters: string = ALL_LETTERS): LetterMatch | undefined {
  const normalized = normalizeChoiceText(text);
  for (const pattern of MCQ_PATTERNS) {
    const letter = pattern.find(normalized, letters);
    if (letter !== undefined) return { letter, pattern: pattern.name };
  }
  return undefined;
}
