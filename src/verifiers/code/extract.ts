/**
 * Finds the code to run in a response: the text after the last `</think>` (an unfinished think has
 * no code), then the last closed fenced block tagged with the requested language. An untagged
 * block counts when no tagged one exists; a block tagged with another language never does.
 */
import type { Language } from '../../sandbox/index.ts';

const LANGUAGE_TAGS: Record<Language, string[]> = {
  python: ['python', 'python3', 'py', 'py3'],
  javascript: ['javascript', 'js', 'node', 'nodejs'],
  cpp: ['cpp', 'c++', 'cc', 'cxx'],
};

export type Extraction = { code: string; tag: string } | { code: null; reason: string };

export interface FencedBlock {
  tag: string;
  code: string;
}

/** The answer part of a response, or null when a `<think>` was opened and never closed. */
export function answerText(response: string): string | null {
  const close = response.lastIndexOf('</think>');
  if (close >= 0) return response.slice(close + '</think>'.length);
  if (response.includes('<think>')) return null;
  return response;
}

/** Every closed ``` fence in order; the closing fence is at least as long as the opening one. */
export function fencedBlocks(text: string): FencedBlock[] {
  const blocks: FencedBlock[] = [];
  const lines = text.split('\n');
  let open: { fence: number; tag: string; body: string[] } | null = null;
  for (const line of lines) {
    if (open) {
      const close = /^\s*(`{3,})\s*$/.exec(line);
      if (close && close[1].length >= open.fence) {
        blocks.push({ tag: open.tag, code: open.body.join('\n') });
        open = null;
      } else {
        open.body.push(line);
      }
      continue;
    }
    const start = /^\s*(`{3,})\s*([^\s`]*)[^`]*$/.exec(line);
    if (start) open = { fence: start[1].length, tag: start[2].toLowerCase(), body: [] };
  }
  return blocks;
}

export function extractCode(response: string, language: Language): Extraction {
  const text = answerText(response);
  if (text === null) return { code: null, reason: 'reasoning never finished (no </think>): no code' };
  const blocks = fencedBlocks(text);
  const tagged = blocks.filter((block) => LANGUAGE_TAGS[language].includes(block.tag));
  const chosen = tagged.at(-1) ?? blocks.filter((block) => block.tag === '').at(-1);
  if (!chosen) {
    const reason = blocks.length
      ? `no ${language} code block (found blocks tagged ${[...new Set(blocks.map((block) => block.tag || 'none'))].join(', ')})`
      : 'no fenced code block after the reasoning';
    return { code: null, reason };
  }
  if (chosen.code.trim() === '') return { code: null, reason: `the ${language} code block is empty` };
  return { code: chosen.code, tag: chosen.tag };
}
