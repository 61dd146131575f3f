import { chartSpecs } from './charts.ts';
import { columnAlign, type ReportBlock, type ReportTable, reportSections } from './sections.ts';
import type { RunReportInput } from './types.ts';

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function markdownTable(table: ReportTable): string {
  const line = (cells: string[]) => `| ${cells.map(escapeCell).join(' | ')} |`;
  const rows = table.rows.map((row) =>
    line(row.map((cell) => (cell.tone === 'trained' ? `**${cell.text}**` : cell.text))),
  );
  const lines = [
    `**${table.caption}**`,
    '',
    line(table.header),
    line(table.header.map((_, i) => (columnAlign(table, i) === 'left' ? '---' : '---:'))),
    ...rows,
  ];
  if (table.note) lines.push('', `_${table.note}_`);
  return lines.join('\n');
}

function markdownBlock(block: ReportBlock): string {
  switch (block.kind) {
    case 'facts':
      return block.facts.map(([key, value]) => `- **${key}:** ${value}`).join('\n');
    case 'table':
      return markdownTable(block.table);
    case 'checks':
      return block.checks.map((c) => `- ${c.holds ? '✓' : '✗'} ${c.claim} — ${c.detail}`).join('\n');
    case 'text':
      return block.text;
    case 'chart':
      return `![${block.title}](charts/${block.name}.png)`;
  }
}

/** The run report as GitHub-flavoured markdown; charts are linked as charts/<name>.png beside it. */
export function reportMarkdown(input: RunReportInput): string {
  const sections = reportSections(
    input,
    chartSpecs(input).map((c) => c.name),
  );
  const body = sections.map(
    (section) => `## ${section.heading}\n\n${section.blocks.map(markdownBlock).join('\n\n')}`,
  );
  return `# Cascade run report: ${input.name}\n\n${body.join('\n\n')}\n`;
}
