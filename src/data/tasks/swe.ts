/**
 * SWE: a five-to-seven-line Python file with one planted bug, and an issue that shows a failing
 * call. The model answers with a SEARCH/REPLACE edit as SWE-RL parses it; the task row carries the
 * gold fix as a unified diff for the execution-free reward, and `fileTests` are call tests that the
 * fixed file passes and the buggy one fails (run them on the edited file with the code verifier).
 */
import type { Rng } from '../../core/rng.ts';
import { type Draft, generateItems, pick } from './generate.ts';
import { BUG_FAMILIES, NEIGHBOURS } from './swe-bugs.ts';
import type { CodeRow, Difficulty, GenerateOptions, SweItem, SweRow } from './types.ts';

/** A unified diff of two versions with the same line count, the whole file as one hunk. */
export function wholeFileDiff(path: string, before: string, after: string): string {
  const old = before.replace(/\n$/, '').split('\n');
  const fresh = after.replace(/\n$/, '').split('\n');
  const body = old.flatMap((line, index) =>
    line === fresh[index] ? [` ${line}`] : [`-${line}`, `+${fresh[index]}`],
  );
  return `--- a/${path}\n+++ b/${path}\n@@ -1,${old.length} +1,${fresh.length} @@\n${body.join('\n')}\n`;
}

/** One SEARCH/REPLACE block in the fence and header SWE-RL's parser expects. */
export function searchReplaceBlock(path: string, search: string, replace: string): string {
  return `\`\`\`python\n### ${path}\n<<<<<<< SEARCH\n${search}\n=======\n${replace}\n>>>>>>> REPLACE\n\`\`\``;
}

const fileOf = (blocks: string[][]) => `${blocks.map((lines) => lines.join('\n')).join('\n\n')}\n`;

function drawSwe(
  rng: Rng,
  difficulty: Difficulty,
): Draft<SweRow> & { extra: { fileTests: CodeRow; path: string } } {
  const family = pick(
    rng,
    BUG_FAMILIES.filter((candidate) => candidate.level === difficulty),
  );
  const fn = pick(rng, Object.keys(family.files));
  const bug = family.plant(rng, fn);
  const path = family.files[fn];
  const neighbour = pick(rng, NEIGHBOURS);
  const fixedLines = bug.lines.map((line, index) => (index === bug.bugLine ? bug.fixedLine : line));
  const neighbourFirst = rng.int(2) === 0;
  // a short function gets a neighbour, so every file has 5–7 lines and the edit must find its line
  const order = (lines: string[]) =>
    lines.length >= 5 ? [lines] : neighbourFirst ? [neighbour, lines] : [lines, neighbour];
  const buggyFile = fileOf(order(bug.lines));
  const fixedFile = fileOf(order(fixedLines));
  const behaviour = bug.behaviour as (...args: unknown[]) => unknown;
  const prompt = `Fix it with a SEARCH/REPLACE edit.\nIssue: ${bug.issue}\n${path}:\n${buggyFile}`;
  return {
    messages: [{ role: 'user', content: prompt }],
    task: {
      original_files: { [path]: buggyFile },
      gold_patch: wholeFileDiff(path, buggyFile, fixedFile),
      problem_statement: bug.issue,
    },
    reference: {
      reasoning: bug.note,
      answer: searchReplaceBlock(path, bug.lines[bug.bugLine], bug.fixedLine),
    },
    extra: {
      path,
      fileTests: {
        language: 'python',
        tests: { fn_name: bug.fn, tests: bug.inputs.map((args) => ({ args, expected: behaviour(...args) })) },
        time_limit_s: 2,
      },
    },
  };
}

export function generateSwe(options: GenerateOptions): SweItem[] {
  return generateItems('swe', options, drawSwe);
}
