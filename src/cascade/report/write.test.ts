import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { chartSpecs } from './charts.ts';
import { tableRows } from './testing/markdown-table.ts';
import { syntheticRunInput } from './testing/synthetic.ts';
import type { RunReportInput } from './types.ts';
import { writeReport } from './write.ts';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('writeReport', () => {
  const root = mkdtempSync(join(tmpdir(), 'cascade-report-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const input = syntheticRunInput([1, 2, 3]);
  const dir = join(root, 'three-seeds');
  const written = writeReport(dir, input);

  it('writes report.md, report.html and an SVG and PNG per chart, and no temp files', async () => {
    const result = await written;
    const names = chartSpecs(input).map((c) => c.name);
    assert.deepEqual(names, ['cascade', 'reward', 'response-length', 'forgetting']);
    assert.deepEqual(readdirSync(dir).sort(), ['charts', 'report.html', 'report.md']);
    assert.deepEqual(
      readdirSync(join(dir, 'charts')).sort(),
      names.flatMap((n) => [`${n}.png`, `${n}.svg`]).sort(),
    );
    assert.deepEqual(
      result.charts.map((c) => c.name),
      names,
    );
  });

  it('writes PNGs 960 pixels wide', async () => {
    for (const chart of (await written).charts) {
      const png = readFileSync(chart.png);
      assert.deepEqual([...png.subarray(0, 8)], PNG_SIGNATURE, chart.name);
      assert.equal(png.readUInt32BE(16), 960, `${chart.name} IHDR width`);
      assert.match(readFileSync(chart.svg, 'utf8'), /^<svg[\s>]/);
    }
  });

  it('prints one row per stage, in cascade order, in every per-stage table', async () => {
    const md = readFileSync((await written).markdown, 'utf8');
    const order = ['base', ...input.stages.map((s) => s.name)];
    for (const mode of ['thinking mode (/think)', 'instruct mode (/no_think)']) {
      for (const caption of [`Scores after each stage, ${mode}`, `Mean response length (tokens), ${mode}`]) {
        assert.deepEqual(
          tableRows(md, caption).map((row) => row[0]),
          order,
          caption,
        );
      }
      const forgetting = tableRows(md, `Forgetting matrix, ${mode}`).map((row) => row[0]);
      assert.deepEqual(forgetting, [...order, 'largest drop']);
    }
    assert.equal(
      tableRows(md, 'Scores after each stage, thinking mode (/think)')[0].length,
      1 + input.domains.length,
    );
  });

  it('writes a self-contained HTML page with an inline SVG per chart and the same tables', async () => {
    const html = readFileSync((await written).html, 'utf8');
    assert.doesNotMatch(html, /\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i, 'no external src/href');
    assert.doesNotMatch(html, /<script|<link|<img|<iframe|<object|<embed|@import/i, 'no scripts or embeds');
    assert.doesNotMatch(html, /url\(\s*["']?(?!#)/i, 'url() only points inside the page');
    const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
    assert.equal(new Set(ids).size, ids.length, 'ids are unique across the inlined charts');
    for (const [, target] of html.matchAll(/url\(#([^)]+)\)/g))
      assert.ok(ids.includes(target), `url(#${target}) resolves`);
    for (const chart of chartSpecs(input)) {
      const figure = html.match(new RegExp(`<figure id="chart-${chart.name}">([\\s\\S]*?)</figure>`));
      assert.ok(figure, `figure for ${chart.name}`);
      assert.equal(figure[1].match(/<svg[\s>]/g)?.length, 1, `${chart.name} has one inline svg`);
    }
    assert.equal(html.match(/<figure /g)?.length, 4);
    // 2 modes × (per-stage, forgetting, lengths) + stages + evaluation detail
    assert.equal(html.match(/<table>/g)?.length, 8);
    const stageRows = html.match(
      /<caption>Scores after each stage, thinking mode \(\/think\)<\/caption>[\s\S]*?<\/table>/,
    );
    assert.ok(stageRows);
    assert.equal(stageRows[0].match(/<tr>/g)?.length, 1 + 1 + input.stages.length, 'header + base + stages');
    assert.match(html, /✗ <strong>No earlier domain drops by more than 5 points<\/strong>/);
  });

  it("draws the score chart's intervals inside 0–100% even when seeds disagree widely", () => {
    const spread = syntheticRunInput([1, 2, 3]);
    for (const [index, evaluation] of spread.evaluations.entries())
      evaluation.scores = index % 2 === 0 ? [0, 0, 0.3] : [1, 1, 0.6];
    const cascade = chartSpecs(spread).find((c) => c.name === 'cascade');
    assert.ok(cascade);
    const cells = (cascade.spec as { data: { values: { lo: number; hi: number }[] } }).data.values;
    assert.ok(cells.some((cell) => cell.lo === 0) && cells.some((cell) => cell.hi === 1));
    assert.ok(cells.every((cell) => cell.lo >= 0 && cell.hi <= 1));
  });

  it('renders a one-seed run without intervals or error bars', async () => {
    const one: RunReportInput = syntheticRunInput([5]);
    const oneDir = join(root, 'one-seed');
    const result = await writeReport(oneDir, one);
    const md = readFileSync(result.markdown, 'utf8');
    const html = readFileSync(result.html, 'utf8');
    assert.ok(!md.includes('±'));
    assert.ok(!html.includes('±'));
    const cascade = chartSpecs(one).find((c) => c.name === 'cascade');
    assert.ok(cascade);
    const layers = (cascade.spec as { layer: { mark: { type: string } }[] }).layer.map((l) => l.mark.type);
    assert.deepEqual(layers, ['line', 'point'], 'no error-bar rule layer');
  });
});
