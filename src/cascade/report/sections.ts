import { type ForgettingMatrix, forgettingMatrix, hasMode, stageOrder } from './forgetting.ts';
import { arrowDelta, compact, duration, percent, scoreWithInterval, tokens } from './format.ts';
import { EVAL_MODES, type EvalMode, type RunReportInput } from './types.ts';

/**
 * The report as renderer-neutral data: headings, fact lists, tables and check lists. Markdown and HTML
 * both render this one structure, so their tables cannot drift apart.
 */
export interface TableCell {
  text: string;
  /** 'trained': the column the row's stage trains; 'up'/'down': the sign of a printed change */
  tone?: 'trained' | 'up' | 'down';
}

export interface ReportTable {
  caption: string;
  header: string[];
  rows: TableCell[][];
  /** per column; by default the first column (row names) is left-aligned and the rest, numbers, right */
  align?: ('left' | 'right')[];
  note?: string;
}

export function columnAlign(table: ReportTable, column: number): 'left' | 'right' {
  return table.align?.[column] ?? (column === 0 ? 'left' : 'right');
}

export type ReportBlock =
  | { kind: 'facts'; facts: [string, string][] }
  | { kind: 'table'; table: ReportTable }
  | { kind: 'checks'; checks: { claim: string; holds: boolean; detail: string }[] }
  | { kind: 'text'; text: string }
  | { kind: 'chart'; name: string; title: string };

export interface ReportSection {
  heading: string;
  blocks: ReportBlock[];
}

const MODE_LABEL: Record<EvalMode, string> = {
  think: 'thinking mode (/think)',
  no_think: 'instruct mode (/no_think)',
};

export function modeLabel(mode: EvalMode): string {
  return MODE_LABEL[mode];
}

function seedPhrase(input: RunReportInput): string {
  return input.seeds.length === 1
    ? 'one seed, so no intervals'
    : `mean of ${input.seeds.length} seeds, ± the 95% Student-t interval`;
}

function runFacts(input: RunReportInput): [string, string][] {
  const steps = input.stages.reduce((sum, s) => sum + s.steps, 0);
  const wall = input.stages.reduce((sum, s) => sum + s.wallSeconds, 0);
  return [
    ['Recipe', input.name],
    ['Created', input.createdAt],
    ['Profile', input.profile],
    ['Seeds', input.seeds.join(', ')],
    ['Stages', input.stages.map((s) => s.name).join(' → ')],
    ['Optimizer steps', String(steps)],
    ['Wall time (training)', duration(wall)],
    ...Object.entries(input.facts ?? {}),
  ];
}

/** The paper's per-stage layout (Tables 4–8): each score with its change from the stage before. */
function stageTable(matrix: ForgettingMatrix, seedCount: number): ReportTable {
  return {
    caption: `Scores after each stage, ${modeLabel(matrix.mode)}`,
    header: ['Stage', ...matrix.domains],
    rows: matrix.rows.map((row) => [
      { text: row.stage },
      ...row.cells.map((cell, column): TableCell => {
        if (!cell) return { text: '–' };
        const text =
          cell.delta === null ? percent(cell.mean) : `${percent(cell.mean)} ${arrowDelta(cell.delta)}`;
        return row.trainsDomain === matrix.domains[column] ? { text, tone: 'trained' } : { text };
      }),
    ]),
    note: `Percent, ${seedCount === 1 ? 'one seed' : `mean of ${seedCount} seeds`}. Arrows: change from the row above, in points, as in the paper's per-stage tables. The cell of the domain a stage trains is marked.`,
  };
}

function forgettingTable(matrix: ForgettingMatrix, seeds: string): ReportTable {
  const rows: TableCell[][] = matrix.rows.map((row) => [
    { text: row.stage },
    ...row.cells.map((cell): TableCell => {
      if (!cell) return { text: '–' };
      const score = scoreWithInterval(cell.mean, cell.halfWidth95);
      if (cell.delta === null) return { text: score };
      return { text: `${score} (${arrowDelta(cell.delta)})`, tone: cell.delta < 0 ? 'down' : 'up' };
    }),
  ]);
  rows.push([
    { text: 'largest drop' },
    ...matrix.largestDrop.map((drop): TableCell => (drop === null ? { text: '–' } : { text: percent(drop) })),
  ]);
  return {
    caption: `Forgetting matrix, ${modeLabel(matrix.mode)}`,
    header: ['After stage', ...matrix.domains],
    rows,
    note: `Percent, ${seeds}; in brackets the change from the row above. "largest drop": the biggest fall of a column from its best earlier score.`,
  };
}

function lengthTable(matrix: ForgettingMatrix): ReportTable {
  return {
    caption: `Mean response length (tokens), ${modeLabel(matrix.mode)}`,
    header: ['Stage', ...matrix.domains],
    rows: matrix.rows.map((row) => [
      { text: row.stage },
      ...row.cells.map((cell): TableCell => ({ text: cell ? tokens(cell.meanResponseTokens) : '–' })),
    ]),
  };
}

function wallTable(input: RunReportInput): ReportTable {
  return {
    caption: 'Stages',
    header: ['Stage', 'Kind', 'Domain', 'Steps', 'Wall time', 's / step'],
    align: ['left', 'left', 'left', 'right', 'right', 'right'],
    rows: input.stages.map((s) => [
      { text: s.name },
      { text: s.kind },
      { text: s.domain ?? '–' },
      { text: String(s.steps) },
      { text: duration(s.wallSeconds) },
      { text: s.steps > 0 ? (s.wallSeconds / s.steps).toFixed(2) : '–' },
    ]),
  };
}

function detailTable(input: RunReportInput): ReportTable | null {
  const withDetail = input.evaluations.filter((e) => e.detail && Object.keys(e.detail).length > 0);
  if (withDetail.length === 0) return null;
  const order = stageOrder(input);
  const sorted = [...withDetail].sort(
    (a, b) =>
      order.indexOf(a.stage) - order.indexOf(b.stage) ||
      input.domains.indexOf(a.domain) - input.domains.indexOf(b.domain) ||
      EVAL_MODES.indexOf(a.mode) - EVAL_MODES.indexOf(b.mode),
  );
  return {
    caption: 'Evaluation detail',
    header: ['Stage', 'Domain', 'Mode', 'Detail'],
    align: ['left', 'left', 'left', 'left'],
    rows: sorted.map((e) => [
      { text: e.stage },
      { text: e.domain },
      { text: e.mode },
      {
        text: Object.entries(e.detail ?? {})
          .map(([key, value]) => `${key} ${compact(value)}`)
          .join(', '),
      },
    ]),
  };
}

/** Chart names and titles in the order the report shows them; `chartSpecs` produces the same names. */
export const CHART_TITLES: Record<string, string> = {
  cascade: 'Held-out score through the cascade',
  reward: 'Training reward per step (RL stages)',
  'response-length': 'Response length per step',
  forgetting: 'Change from the previous stage',
};

/** The whole report as sections; `chartNames` are the charts that exist for this input. */
export function reportSections(input: RunReportInput, chartNames: readonly string[]): ReportSection[] {
  const seeds = seedPhrase(input);
  const modes = EVAL_MODES.filter((mode) => hasMode(input, mode));
  const matrices = modes.map((mode) => forgettingMatrix(input, mode));
  const sections: ReportSection[] = [{ heading: 'Run', blocks: [{ kind: 'facts', facts: runFacts(input) }] }];
  if (input.checks && input.checks.length > 0) {
    sections.push({ heading: 'Checks', blocks: [{ kind: 'checks', checks: input.checks }] });
  }
  sections.push({
    heading: 'Scores after each stage',
    blocks: matrices.map((m) => ({ kind: 'table', table: stageTable(m, input.seeds.length) })),
  });
  const charts = chartNames.map(
    (name): ReportBlock => ({ kind: 'chart', name, title: CHART_TITLES[name] ?? name }),
  );
  if (charts.length > 0) sections.push({ heading: 'Charts', blocks: charts });
  sections.push({
    heading: 'Forgetting',
    blocks: matrices.map((m) => ({ kind: 'table', table: forgettingTable(m, seeds) })),
  });
  sections.push({
    heading: 'Response lengths',
    blocks: matrices.map((m) => ({ kind: 'table', table: lengthTable(m) })),
  });
  sections.push({ heading: 'Stage wall times', blocks: [{ kind: 'table', table: wallTable(input) }] });
  const detail = detailTable(input);
  if (detail) sections.push({ heading: 'Evaluation detail', blocks: [{ kind: 'table', table: detail }] });
  return sections;
}
