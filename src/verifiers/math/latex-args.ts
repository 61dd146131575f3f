/**
 * Small scanners over LaTeX source: brace-balanced groups and command arguments. They run in
 * linear time on any input (no backtracking regexes), so the main thread can use them on
 * untrusted model output of any size.
 */

/** Whether the character at `index` is escaped by an odd number of backslashes (`\{` is text). */
export function isEscaped(text: string, index: number): boolean {
  let backslashes = 0;
  for (let cursor = index - 1; cursor >= 0 && text[cursor] === '\\'; cursor--) backslashes++;
  return backslashes % 2 === 1;
}

/**
 * The index just past the `}` that closes the `{` at `open`, skipping escaped braces, or -1 when the
 * group is never closed.
 */
export function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let index = open; index < text.length; index++) {
    const char = text[index];
    if (char !== '{' && char !== '}') continue;
    if (isEscaped(text, index)) continue;
    depth += char === '{' ? 1 : -1;
    if (depth === 0) return index + 1;
  }
  return -1;
}

/** One macro argument starting at `start`: `{…}`, a `\command`, or a single character. */
export interface MacroArgument {
  /** The argument's content without its braces. */
  content: string;
  /** Index just past the argument. */
  end: number;
  braced: boolean;
}

/** Reads one argument of a macro (skipping spaces), the way TeX does; null when none or unbalanced. */
export function readArgument(text: string, start: number): MacroArgument | null {
  let index = start;
  while (index < text.length && (text[index] === ' ' || text[index] === '\n' || text[index] === '\t'))
    index++;
  if (index >= text.length) return null;
  if (text[index] === '{') {
    const end = closingBrace(text, index);
    if (end < 0) return null;
    return { content: text.slice(index + 1, end - 1), end, braced: true };
  }
  if (text[index] === '\\') {
    let end = index + 1;
    while (end < text.length && /[a-zA-Z]/.test(text[end])) end++;
    if (end === index + 1) end++;
    return { content: text.slice(index, end), end, braced: false };
  }
  if (text[index] === '}') return null;
  return { content: text[index], end: index + 1, braced: false };
}

/** Maximum depth of `{`, `(`, `[` nesting, used to reject pathological answers cheaply. */
export function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (const char of text) {
    if (char === '{' || char === '(' || char === '[') {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if ((char === '}' || char === ')' || char === ']') && depth > 0) depth--;
  }
  return deepest;
}
