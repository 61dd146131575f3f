export { type ChartSpec, chartSpecs, LENGTH_METRIC, REWARD_METRIC } from './charts.ts';
export {
  type ForgettingMatrix,
  type ForgettingRow,
  forgettingMatrix,
  hasMode,
  type MatrixCell,
  stageOrder,
} from './forgetting.ts';
export { reportHtml } from './html.ts';
export { reportMarkdown } from './markdown.ts';
export { PNG_WIDTH, renderSvg, svgToPng } from './render.ts';
export { type ReportSection, type ReportTable, reportSections } from './sections.ts';
export { type ScoreSummary, studentT975, summarise } from './stats.ts';
export { TensorBoardWriter } from './tensorboard.ts';
export { BASE_STAGE, EVAL_MODES, type EvalMode, type RunReportInput, type StageKind } from './types.ts';
export { type WrittenReport, writeReport } from './write.ts';
