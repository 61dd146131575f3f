/** Cutting text at special-token strings before the rest of it is tokenized. */

export interface TextPiece {
  text: string;
  /** True when `text` is exactly one of the special-token strings. */
  special: boolean;
}

/**
 * Returns a function that splits text into plain and special pieces. At each position the longest
 * special string that matches wins (leftmost-longest, as Hugging Face's added-token splitter does).
 */
export function specialTokenSplitter(specials: readonly string[]): (text: string) => TextPiece[] {
  const alternatives = [...new Set(specials)]
    .filter((special) => special.length > 0)
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp);
  if (alternatives.length === 0) return (text) => (text.length > 0 ? [{ text, special: false }] : []);
  const pattern = new RegExp(alternatives.join('|'), 'g');

  return (text) => {
    const pieces: TextPiece[] = [];
    let start = 0;
    for (const match of text.matchAll(pattern)) {
      const at = match.index ?? 0;
      if (at > start) pieces.push({ text: text.slice(start, at), special: false });
      pieces.push({ text: match[0], special: true });
      start = at + match[0].length;
    }
    if (start < text.length) pieces.push({ text: text.slice(start), special: false });
    return pieces;
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
