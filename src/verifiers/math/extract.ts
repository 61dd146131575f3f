/**
 * Finds the final answer in a model response: the text after `</think>`, then the last `\boxed{…}`
 * (several boxes written side by side form one set answer), then a "final answer is …" sentence,
 * then the whole response when it is one bare expression. It only cuts text; normalize.ts cleans it.
 */
import { readArgument } from './latex-args.ts';

export type ExtractionMethod = 'boxed' | 'final_answer' | 'bare';

export interface ExtractedAnswer {
  answer: string | null;
  method: ExtractionMethod | null;
  /** Why there is no answer: the think block never closed, or nothing answer-like was found. */
  failure?: 'unfinished' | 'not_found';
}

interface BoxedSpan {
  start: number;
  end: number;
  content: string;
}

const boxMacros = ['\\boxed', '\\fbox'];

/** The text the answer is looked for in, or null when a `<think>` block is open and never closed. */
export function answerRegion(response: string): string | null {
  const closeAt = response.lastIndexOf('</think>');
  if (closeAt >= 0) return response.slice(closeAt + '</think>'.length);
  if (response.includes('<think>')) return null;
  return response;
}

/** Every `\boxed`/`\fbox` in order, with its brace-balanced content; unbalanced boxes are skipped. */
export function findBoxes(text: string): BoxedSpan[] {
  const boxes: BoxedSpan[] = [];
  let from = 0;
  while (from < text.length) {
    const next = nextBoxMacro(text, from);
    if (!next) break;
    const span = readBox(text, next.index, next.macro);
    if (span) {
      boxes.push(span);
      from = span.end;
    } else from = next.index + next.macro.length;
  }
  return boxes;
}

function nextBoxMacro(text: string, from: number): { index: number; macro: string } | null {
  let best: { index: number; macro: string } | null = null;
  for (const macro of boxMacros) {
    let index = text.indexOf(macro, from);
    // `\boxedx` is another macro, not a box
    while (index >= 0 && /[a-zA-Z]/.test(text[index + macro.length] ?? ''))
      index = text.indexOf(macro, index + 1);
    if (index >= 0 && (!best || index < best.index)) best = { index, macro };
  }
  return best;
}

function readBox(text: string, start: number, macro: string): BoxedSpan | null {
  const afterMacro = start + macro.length;
  const argument = readArgument(text, afterMacro);
  if (!argument) return null;
  if (argument.braced) return { start, end: argument.end, content: argument.content.trim() };
  // `\boxed 5` / `\boxed 42.`: the run of non-space characters after the macro
  let index = afterMacro;
  while (index < text.length && /\s/.test(text[index])) index++;
  let end = index;
  while (end < text.length && !/[\s$]/.test(text[end])) end++;
  const content = text
    .slice(index, end)
    .replace(/[.,;]+$/, '')
    .trim();
  return content ? { start, end, content } : null;
}

// what may sit between boxes that together form one answer: `$\boxed{1}$ and $\boxed{2}$`
const boxConnector =
  /^(?:\s|\$|,|;|\.|&|\\\\|\\quad|\\qquad|\\,|\\\(|\\\)|\\\[|\\\]|\\text\{\s*(?:and|or)\s*\}|and|or)*$/;
const maxConnectorLength = 40;

/** The last box, joined with the boxes written right before it (only connectors between them). */
export function lastBoxedAnswer(text: string): string | null {
  const boxes = findBoxes(text);
  if (boxes.length === 0) return null;
  let first = boxes.length - 1;
  while (first > 0) {
    const gap = text.slice(boxes[first - 1].end, boxes[first].start);
    if (gap.length > maxConnectorLength || !boxConnector.test(gap)) break;
    first--;
  }
  const group = boxes.slice(first).map((box) => box.content);
  if (group.some((content) => content === '')) return null;
  return group.join(', ');
}

const finalAnswerAnchor = /\b(?:final\s+answer|answer)\b[*_ \t]*(?:is\b|:)[*_ \t:]*/gi;

/** The answer after the last "final answer is" / "the answer is" / "Answer:" on its line. */
export function finalAnswerSentence(text: string): string | null {
  let lastEnd = -1;
  for (const match of text.matchAll(finalAnswerAnchor)) lastEnd = match.index + match[0].length;
  if (lastEnd < 0) return null;
  const newline = text.indexOf('\n', lastEnd);
  const line = text.slice(lastEnd, newline < 0 ? undefined : newline).trim();
  const answer = firstMathOrSentence(line);
  return answer === '' ? null : answer;
}

const mathOpeners: [string, string][] = [
  ['$$', '$$'],
  ['\\[', '\\]'],
  ['\\(', '\\)'],
  ['$', '$'],
];

function firstMathOrSentence(line: string): string {
  for (const [open, close] of mathOpeners) {
    if (!line.startsWith(open)) continue;
    const closeAt = line.indexOf(close, open.length);
    if (closeAt > 0) return line.slice(open.length, closeAt).trim();
  }
  // a sentence ends at ". " (not inside a decimal) or at "I hope it is correct"
  const sentenceEnd = line.search(/\.\s|\.$|\s+I hope it is correct/i);
  const sentence = sentenceEnd >= 0 ? line.slice(0, sentenceEnd) : line;
  return sentence.replace(/^["'“]|["'”]$/g, '').trim();
}

const maxBareLength = 200;

/** The whole text when it is one short expression, not prose (`5`, `$\frac{1}{2}$`, `x = 3`). */
export function bareExpression(text: string): string | null {
  let candidate = text.trim();
  if (candidate === '' || candidate.length > maxBareLength || candidate.includes('\n')) return null;
  for (const [open, close] of mathOpeners) {
    if (
      candidate.startsWith(open) &&
      candidate.endsWith(close) &&
      candidate.length >= open.length + close.length
    ) {
      candidate = candidate.slice(open.length, candidate.length - close.length).trim();
      break;
    }
  }
  // prose has two words in a row once LaTeX commands are set aside
  const withoutCommands = candidate.replace(/\\[a-zA-Z]+/g, ' ');
  if (/[a-zA-Z]{2,}[\s,]+[a-zA-Z]{2,}/.test(withoutCommands)) return null;
  if (candidate.includes('$')) return null;
  return candidate === '' ? null : candidate;
}

/** Extracts the model's final answer from a full response (think block included). */
export function extractAnswer(response: string): ExtractedAnswer {
  const region = answerRegion(response);
  if (region === null) return { answer: null, method: null, failure: 'unfinished' };
  const boxed = lastBoxedAnswer(region);
  if (boxed !== null) return { answer: boxed, method: 'boxed' };
  const sentence = finalAnswerSentence(region);
  if (sentence !== null) return { answer: sentence, method: 'final_answer' };
  const bare = bareExpression(region);
  if (bare !== null) return { answer: bare, method: 'bare' };
  return { answer: null, method: null, failure: 'not_found' };
}

/** The gold answer's text: its boxed content when it has one, else the whole string. */
export function goldAnswerText(gold: string): string {
  return lastBoxedAnswer(gold) ?? gold.trim();
}
