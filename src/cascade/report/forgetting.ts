import { CascadeError } from '../../core/errors.ts';
import { type ScoreSummary, summarise } from './stats.ts';
import { BASE_STAGE, type EvalMode, type RunReportInput } from './types.ts';

/** One cell: the seed summary of a stage × domain score and its change from the row above. */
export interface MatrixCell extends ScoreSummary {
  /** mean minus the previous row's mean for this domain; null on the first row or when either is missing */
  delta: number | null;
  meanResponseTokens: number;
}

export interface ForgettingRow {
  stage: string;
  /** the domain the stage trains, when it has one (its own column is where gains are expected) */
  trainsDomain?: string;
  /** one per `domains` entry; null when that stage was not evaluated on that domain in this mode */
  cells: (MatrixCell | null)[];
}

export interface ForgettingMatrix {
  mode: EvalMode;
  domains: string[];
  rows: ForgettingRow[];
  /**
   * Per domain, the largest fall from the best earlier score to any later one (the drawdown of the column);
   * 0 when the score never fell, null when fewer than two rows have a score.
   */
  largestDrop: (number | null)[];
}

/** Row names in cascade order: 'base' first when it was evaluated, then the stages as run. */
export function stageOrder(input: RunReportInput): string[] {
  const evaluated = new Set(input.evaluations.map((e) => e.stage));
  const known = new Set([BASE_STAGE, ...input.stages.map((s) => s.name)]);
  for (const [index, evaluation] of input.evaluations.entries()) {
    if (!known.has(evaluation.stage)) {
      throw new CascadeError(
        'report-unknown-stage',
        `evaluation names stage '${evaluation.stage}', which is not in stages`,
        {
          where: `evaluations[${index}].stage`,
        },
      );
    }
  }
  const names = input.stages.map((s) => s.name);
  return evaluated.has(BASE_STAGE) ? [BASE_STAGE, ...names] : names;
}

function findEvaluation(input: RunReportInput, stage: string, domain: string, mode: EvalMode) {
  const matches = input.evaluations.filter(
    (e) => e.stage === stage && e.domain === domain && e.mode === mode,
  );
  if (matches.length > 1) {
    throw new CascadeError('report-duplicate-evaluation', `${matches.length} evaluations for one cell`, {
      where: `stage '${stage}', domain '${domain}', mode '${mode}'`,
    });
  }
  return matches[0];
}

/** Largest peak-to-later-trough fall of a column, skipping missing rows. */
function drawdown(means: (number | null)[]): number | null {
  const present = means.filter((m): m is number => m !== null);
  if (present.length < 2) return null;
  let peak = present[0];
  let worst = 0;
  for (const m of present) {
    peak = Math.max(peak, m);
    worst = Math.max(worst, peak - m);
  }
  return worst;
}

/** Stages × domains for one mode: mean ± 95% interval per cell and its change from the stage before. */
export function forgettingMatrix(input: RunReportInput, mode: EvalMode): ForgettingMatrix {
  const order = stageOrder(input);
  const trains = new Map(input.stages.map((s) => [s.name, s.domain]));
  const rows: ForgettingRow[] = [];
  let previous: (MatrixCell | null)[] = input.domains.map(() => null);
  for (const stage of order) {
    const cells = input.domains.map((domain, column): MatrixCell | null => {
      const evaluation = findEvaluation(input, stage, domain, mode);
      if (!evaluation) return null;
      const summary = summarise(evaluation.scores);
      const before = previous[column];
      return {
        ...summary,
        delta: before ? summary.mean - before.mean : null,
        meanResponseTokens: evaluation.meanResponseTokens,
      };
    });
    const trainsDomain = trains.get(stage);
    rows.push(trainsDomain === undefined ? { stage, cells } : { stage, trainsDomain, cells });
    previous = cells;
  }
  const largestDrop = input.domains.map((_, column) =>
    drawdown(rows.map((r) => r.cells[column]?.mean ?? null)),
  );
  return { mode, domains: [...input.domains], rows, largestDrop };
}

/** Whether any evaluation exists in this mode (a think-only run prints no no_think tables). */
export function hasMode(input: RunReportInput, mode: EvalMode): boolean {
  return input.evaluations.some((e) => e.mode === mode);
}
