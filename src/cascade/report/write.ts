import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chartSpecs } from './charts.ts';
import { reportHtml } from './html.ts';
import { reportMarkdown } from './markdown.ts';
import { renderSvg, svgToPng } from './render.ts';
import type { RunReportInput } from './types.ts';

export interface WrittenReport {
  markdown: string;
  html: string;
  charts: { name: string; svg: string; png: string }[];
}

/** Writes one file so that readers see the old content or the new, never a torn one. */
async function writeAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await writeFile(temp, data);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Renders the report and writes dir/report.md, dir/report.html and dir/charts/<name>.{svg,png}.
 * Everything is rendered in memory first, so a failing chart writes nothing; each file then goes
 * through temp + rename, charts before the two reports, so a crash part-way leaves only whole files
 * and the reports never link a chart that is not there yet.
 */
export async function writeReport(dir: string, input: RunReportInput): Promise<WrittenReport> {
  const specs = chartSpecs(input);
  const svgs: Record<string, string> = {};
  const pngs: Record<string, Uint8Array> = {};
  for (const chart of specs) {
    svgs[chart.name] = await renderSvg(chart.spec, chart.name);
    pngs[chart.name] = svgToPng(svgs[chart.name]);
  }
  const markdown = reportMarkdown(input);
  const html = reportHtml(input, svgs);

  const chartDir = join(dir, 'charts');
  await mkdir(chartDir, { recursive: true });
  const charts: WrittenReport['charts'] = [];
  for (const chart of specs) {
    const svg = join(chartDir, `${chart.name}.svg`);
    const png = join(chartDir, `${chart.name}.png`);
    await writeAtomic(svg, svgs[chart.name]);
    await writeAtomic(png, pngs[chart.name]);
    charts.push({ name: chart.name, svg, png });
  }
  const written = { markdown: join(dir, 'report.md'), html: join(dir, 'report.html'), charts };
  await writeAtomic(written.markdown, markdown);
  await writeAtomic(written.html, html);
  return written;
}
