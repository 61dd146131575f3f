import type { TopLevelSpec } from 'vega-lite';
import { forgettingMatrix, hasMode, stageOrder } from './forgetting.ts';
import { arrowDelta } from './format.ts';
import { CHART_TITLES, modeLabel } from './sections.ts';
import { summarise } from './stats.ts';
import { EVAL_MODES, type RunReportInput } from './types.ts';

/** One chart of the report: `name` is its file stem under charts/. */
export interface ChartSpec {
  name: string;
  title: string;
  spec: TopLevelSpec;
}

/** The metric keys the trainers log (src/train/grpo.ts) that the step charts plot. */
export const REWARD_METRIC = 'reward/mean';
export const LENGTH_METRIC = 'response/length_mean';

const FONT = 'DejaVu Sans'; // the only font family installed on the machines that render these
const WIDTH = 720;
const HEIGHT = 340;

const baseConfig = {
  font: FONT,
  background: 'white',
  view: { stroke: '#ddd' },
  axis: { labelFontSize: 11, titleFontSize: 12, grid: true, gridColor: '#eee' },
  legend: { labelFontSize: 11, titleFontSize: 12 },
  title: { fontSize: 14, anchor: 'start' as const },
};

/** (i) Each domain's held-out score after every stage: the analogue of the paper's "LCB through the cascade". */
function cascadeChart(input: RunReportInput): ChartSpec {
  const order = stageOrder(input);
  const severalSeeds = input.seeds.length > 1;
  const scores = input.evaluations.map((e) => {
    const s = summarise(e.scores);
    const half = s.halfWidth95 ?? 0;
    return {
      stage: e.stage,
      domain: e.domain,
      mode: e.mode,
      mean: s.mean,
      // a score is a fraction: the interval is drawn inside [0, 1]
      lo: Math.max(0, s.mean - half),
      hi: Math.min(1, s.mean + half),
    };
  });
  const x = {
    field: 'stage',
    type: 'ordinal' as const,
    sort: order,
    title: 'after stage',
    axis: { labelAngle: 0 },
  };
  const color = { field: 'domain', type: 'nominal' as const, sort: input.domains, title: 'domain' };
  const modes = EVAL_MODES.filter((m) => hasMode(input, m));
  const dash = {
    field: 'mode',
    type: 'nominal' as const,
    title: 'mode',
    scale: { domain: modes, range: modes.map((m) => (m === 'think' ? [1, 0] : [6, 4])) },
    legend: { labelExpr: "datum.label === 'think' ? 'thinking' : 'instruct'" },
  };
  const y = {
    field: 'mean',
    type: 'quantitative' as const,
    title: 'held-out score',
    axis: { format: '.0%' },
    scale: { zero: false },
  };
  // points in their own layer: a line with `point: true` would draw circles in the dash legend
  const lines = {
    mark: { type: 'line' as const, strokeWidth: 2 },
    encoding: { x, y, color, strokeDash: dash, detail: { field: 'mode', type: 'nominal' as const } },
  };
  const points = { mark: { type: 'point' as const, filled: true, size: 30 }, encoding: { x, y, color } };
  const bars = {
    mark: { type: 'rule' as const, strokeWidth: 1.5 },
    encoding: {
      x,
      y: { field: 'lo', type: 'quantitative' as const },
      y2: { field: 'hi' },
      color,
    },
  };
  return {
    name: 'cascade',
    title: CHART_TITLES.cascade,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: `${input.name}: held-out score through the cascade`,
      width: WIDTH,
      height: HEIGHT,
      data: { values: scores },
      layer: severalSeeds ? [bars, lines, points] : [lines, points],
      config: baseConfig,
    },
  };
}

/** Per stage × step, the seed mean and its interval, with x shifted so stages follow each other. */
function stepSeries(input: RunReportInput, key: string) {
  const offsets = new Map<string, number>();
  let offset = 0;
  for (const stage of input.stages) {
    offsets.set(stage.name, offset);
    offset += stage.steps;
  }
  const groups = new Map<string, { stage: string; step: number; values: number[] }>();
  for (const line of input.metrics) {
    const value = line.values[key];
    if (value === undefined || !Number.isFinite(value)) continue;
    const id = `${line.stage}\u0000${line.step}`;
    const group = groups.get(id) ?? { stage: line.stage, step: line.step, values: [] };
    group.values.push(value);
    groups.set(id, group);
  }
  return [...groups.values()].map((g) => {
    const s = summarise(g.values);
    const half = s.halfWidth95 ?? 0;
    const step = (offsets.get(g.stage) ?? 0) + g.step;
    return { stage: g.stage, step, mean: s.mean, lo: s.mean - half, hi: s.mean + half, seeds: s.n };
  });
}

function stepChart(input: RunReportInput, name: string, key: string, yTitle: string): ChartSpec | null {
  const series = stepSeries(input, key);
  if (series.length === 0) return null;
  const stages = input.stages.map((s) => s.name).filter((n) => series.some((p) => p.stage === n));
  const x = {
    field: 'step',
    type: 'quantitative' as const,
    title: 'optimizer step (cumulative over the cascade)',
  };
  const color = { field: 'stage', type: 'nominal' as const, sort: stages, title: 'stage' };
  const line = {
    mark: { type: 'line' as const, strokeWidth: 1.5 },
    encoding: {
      x,
      y: { field: 'mean', type: 'quantitative' as const, title: yTitle, scale: { zero: false } },
      color,
    },
  };
  const band = {
    mark: { type: 'area' as const, opacity: 0.2 },
    encoding: { x, y: { field: 'lo', type: 'quantitative' as const }, y2: { field: 'hi' }, color },
  };
  const banded = series.some((p) => p.seeds > 1);
  return {
    name,
    title: CHART_TITLES[name],
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: `${CHART_TITLES[name]}${banded ? ' (band: 95% interval over seeds)' : ''}`,
      width: WIDTH,
      height: HEIGHT * 0.8,
      data: { values: series },
      layer: banded ? [band, line] : [line],
      config: baseConfig,
    },
  };
}

/** (iv) Stage × domain heatmap of the change from the previous stage, one panel per mode. */
function forgettingChart(input: RunReportInput): ChartSpec | null {
  const order = stageOrder(input);
  const cells = EVAL_MODES.filter((m) => hasMode(input, m)).flatMap((mode) =>
    forgettingMatrix(input, mode).rows.flatMap((row) =>
      row.cells.flatMap((cell, column) =>
        cell && cell.delta !== null
          ? [
              {
                mode: modeLabel(mode),
                stage: row.stage,
                domain: input.domains[column],
                delta: cell.delta * 100,
                label: arrowDelta(cell.delta),
              },
            ]
          : [],
      ),
    ),
  );
  if (cells.length === 0) return null;
  const modes = EVAL_MODES.filter((m) => hasMode(input, m)).map(modeLabel);
  const extent = Math.max(1, ...cells.map((c) => Math.abs(c.delta)));
  const x = {
    field: 'domain',
    type: 'nominal' as const,
    sort: input.domains,
    title: null,
    axis: { labelAngle: 0, grid: false },
  };
  const y = {
    field: 'stage',
    type: 'nominal' as const,
    sort: order,
    title: 'after stage',
    axis: { grid: false },
  };
  return {
    name: 'forgetting',
    title: CHART_TITLES.forgetting,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: 'Change from the previous stage (points; red = forgetting)',
      data: { values: cells },
      facet: { column: { field: 'mode', type: 'nominal', title: null, sort: modes } },
      spec: {
        width: Math.max(180, 70 * input.domains.length),
        height: 28 * order.length,
        layer: [
          {
            mark: 'rect',
            encoding: {
              x,
              y,
              color: {
                field: 'delta',
                type: 'quantitative',
                title: 'Δ points',
                scale: { scheme: 'redblue', domain: [-extent, extent] },
              },
            },
          },
          {
            mark: { type: 'text', fontSize: 11 },
            encoding: {
              x,
              y,
              text: { field: 'label', type: 'nominal' },
              // white on the saturated ends of the scale, where black text would not read
              color: {
                condition: { test: `abs(datum.delta) > ${extent * 0.6}`, value: 'white' },
                value: 'black',
              },
            },
          },
        ],
      },
      config: baseConfig,
    },
  };
}

/** The report's charts as vega-lite specs, in display order; charts without data are left out. */
export function chartSpecs(input: RunReportInput): ChartSpec[] {
  const charts = [
    input.evaluations.length > 0 ? cascadeChart(input) : null,
    stepChart(input, 'reward', REWARD_METRIC, 'reward (mean over the batch)'),
    stepChart(input, 'response-length', LENGTH_METRIC, 'response length (tokens)'),
    forgettingChart(input),
  ];
  return charts.filter((c): c is ChartSpec => c !== null);
}
