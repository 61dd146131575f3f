import { chartSpecs } from './charts.ts';
import {
  columnAlign,
  type ReportBlock,
  type ReportTable,
  reportSections,
  type TableCell,
} from './sections.ts';
import type { RunReportInput } from './types.ts';

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const STYLE = `
body { font-family: 'DejaVu Sans', system-ui, sans-serif; margin: 2rem auto; max-width: 1000px; color: #222; padding: 0 1rem; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; margin-top: 2rem; }
table { border-collapse: collapse; margin: .5rem 0 .3rem; font-size: .9rem; }
caption { text-align: left; font-weight: bold; padding-bottom: .3rem; }
th, td { border: 1px solid #ddd; padding: .25rem .55rem; text-align: left; } .num { text-align: right; font-variant-numeric: tabular-nums; }
th { background: #f4f4f4; } td.trained { font-weight: bold; background: #eef5ff; }
td.down { color: #b2182b; } td.up { color: #1b5e20; }
p.note { font-size: .8rem; color: #666; margin-top: 0; }
ul.checks { list-style: none; padding-left: 0; } .holds { color: #1b5e20; } .fails { color: #b2182b; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; } dt { font-weight: bold; } dd { margin: 0; }
figure { margin: 1rem 0; } figure svg { max-width: 100%; height: auto; } figcaption { font-size: .85rem; color: #555; }
`;

function htmlTable(table: ReportTable): string {
  const classes = (column: number, cell?: TableCell) => {
    const names = [columnAlign(table, column) === 'right' ? 'num' : '', cell?.tone ?? ''].filter(Boolean);
    return names.length > 0 ? ` class="${names.join(' ')}"` : '';
  };
  const head = `<tr>${table.header.map((h, i) => `<th${classes(i)}>${escapeHtml(h)}</th>`).join('')}</tr>`;
  const rows = table.rows.map(
    (row) =>
      `<tr>${row.map((cell, i) => `<td${classes(i, cell)}>${escapeHtml(cell.text)}</td>`).join('')}</tr>`,
  );
  const note = table.note ? `\n<p class="note">${escapeHtml(table.note)}</p>` : '';
  return `<table>\n<caption>${escapeHtml(table.caption)}</caption>\n<thead>${head}</thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>${note}`;
}

/**
 * Prepares a chart's SVG for inlining: drops anything before the <svg root and prefixes its ids
 * (vega names gradients and clips `gradient_0`, `clip1`, ...), so two charts in one page cannot
 * point at each other's definitions.
 */
export function inlineSvg(svg: string, prefix: string): string {
  const start = svg.indexOf('<svg');
  const root = start >= 0 ? svg.slice(start) : svg;
  return root
    .replace(/\bid="([^"]+)"/g, `id="${prefix}-$1"`)
    .replace(/url\(#([^)]+)\)/g, `url(#${prefix}-$1)`)
    .replace(/href="#([^"]+)"/g, `href="#${prefix}-$1"`);
}

function htmlBlock(block: ReportBlock, svgs: Readonly<Record<string, string>>): string {
  switch (block.kind) {
    case 'facts':
      return `<dl class="facts">${block.facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`;
    case 'table':
      return htmlTable(block.table);
    case 'checks':
      return `<ul class="checks">\n${block.checks
        .map(
          (c) =>
            `<li class="${c.holds ? 'holds' : 'fails'}">${c.holds ? '✓' : '✗'} <strong>${escapeHtml(c.claim)}</strong> — ${escapeHtml(c.detail)}</li>`,
        )
        .join('\n')}\n</ul>`;
    case 'text':
      return `<p>${escapeHtml(block.text)}</p>`;
    case 'chart': {
      const svg = svgs[block.name];
      const picture = svg
        ? inlineSvg(svg, `chart-${block.name}`)
        : `<p class="note">(chart ${escapeHtml(block.name)} was not rendered)</p>`;
      return `<figure id="chart-${escapeHtml(block.name)}">\n${picture}\n<figcaption>${escapeHtml(block.title)}</figcaption>\n</figure>`;
    }
  }
}

/**
 * One self-contained HTML page: inline CSS, the charts as inline SVG (`svgs` keyed by chart name, as
 * rendered from `chartSpecs`), the same tables as the markdown, no scripts and no external references.
 */
export function reportHtml(input: RunReportInput, svgs: Readonly<Record<string, string>>): string {
  const sections = reportSections(
    input,
    chartSpecs(input).map((c) => c.name),
  );
  const body = sections.map(
    (s) =>
      `<section>\n<h2>${escapeHtml(s.heading)}</h2>\n${s.blocks.map((b) => htmlBlock(b, svgs)).join('\n')}\n</section>`,
  );
  const title = `Cascade run report: ${input.name}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${body.join('\n')}
</body>
</html>
`;
}
