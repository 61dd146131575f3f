/**
 * Finds code-switching: runs of letters in scripts other than Latin and the prompt's own scripts,
 * outside code and math. The paper does not say how its detector works (paper-spec §8), so this is a
 * script-level rule, not language identification: it cannot tell English from French (both Latin),
 * which is the price of being deterministic and dependency-free. Greek letters are math symbols
 * unless three or more stand together (a Greek word).
 */
import { maskCodeAndMath } from './mask.ts';
import { foreignScriptOf, isLatinLetter, type ScriptName } from './scripts.ts';

export interface ForeignSpan {
  /** UTF-16 offsets into the checked text. */
  start: number;
  end: number;
  text: string;
  scripts: ScriptName[];
}

/** Fewer Greek letters than this in a row are symbols (α, Δx, μm), not words. */
const GREEK_WORD_LENGTH = 3;

interface Letter {
  offset: number;
  end: number;
  script: ScriptName;
}

function foreignLetters(masked: string): Letter[] {
  const letters: Letter[] = [];
  let offset = 0;
  for (const character of masked) {
    const script = foreignScriptOf(character);
    if (script) letters.push({ offset, end: offset + character.length, script });
    offset += character.length;
  }
  return dropGreekSymbols(letters);
}

/** Removes Greek runs (adjacent Greek letters) shorter than a word. */
function dropGreekSymbols(letters: Letter[]): Letter[] {
  const kept: Letter[] = [];
  let index = 0;
  while (index < letters.length) {
    if (letters[index].script !== 'Greek') {
      kept.push(letters[index++]);
      continue;
    }
    let runEnd = index + 1;
    while (
      runEnd < letters.length &&
      letters[runEnd].script === 'Greek' &&
      letters[runEnd].offset === letters[runEnd - 1].end
    ) {
      runEnd += 1;
    }
    if (runEnd - index >= GREEK_WORD_LENGTH) kept.push(...letters.slice(index, runEnd));
    index = runEnd;
  }
  return kept;
}

/** Two foreign letters belong to one span when only spaces, digits and punctuation lie between them. */
function joinable(gap: string): boolean {
  if (gap.includes('\n')) return false;
  for (const character of gap) if (isLatinLetter(character)) return false;
  return true;
}

/** Spans of letters in scripts outside `allowed`, in `text` with code and math masked out. */
export function findForeignSpans(text: string, allowed: ReadonlySet<ScriptName> = new Set()): ForeignSpan[] {
  const masked = maskCodeAndMath(text);
  const letters = foreignLetters(masked).filter((letter) => !allowed.has(letter.script));
  const spans: ForeignSpan[] = [];
  for (const letter of letters) {
    const last = spans.at(-1);
    if (last && joinable(masked.slice(last.end, letter.offset))) {
      last.end = letter.end;
      if (!last.scripts.includes(letter.script)) last.scripts.push(letter.script);
      continue;
    }
    spans.push({ start: letter.offset, end: letter.end, text: '', scripts: [letter.script] });
  }
  for (const span of spans) span.text = text.slice(span.start, span.end);
  return spans;
}

/** The non-Latin scripts a text is written in (outside code and math): empty for an English prompt. */
export function scriptsOf(text: string): Set<ScriptName> {
  return new Set(findForeignSpans(text).flatMap((span) => span.scripts));
}
