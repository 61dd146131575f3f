import assert from 'node:assert/strict';

/** Rows of the markdown table that follows the bold caption `caption`, as arrays of cell texts. */
export function tableRows(markdown: string, caption: string): string[][] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(`**${caption}**`);
  assert.ok(start >= 0, `no table captioned '${caption}'`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .slice(1, -1)
        .split(' | ')
        .map((c) => c.trim()),
    );
  }
  return rows.slice(2); // header and alignment row
}
