/**
 * The end of a run: the lineages of its seeds and their per-stage metrics files become the report
 * (report.md, report.html, charts), one metrics.jsonl and TensorBoard event files. The event files
 * are rewritten whole from the metrics each time, so a resumed run never shows a step twice.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { cascadeChecks } from './checks.ts';
import type { Lineage } from './lineage.ts';
import type { Recipe } from './recipe.ts';
import { BASE_STAGE, type RunReportInput, TensorBoardWriter, writeReport } from './report/index.ts';
import { stageDirOf } from './runner.ts';

type MetricLine = RunReportInput['metrics'][number];

function readStageMetrics(seedDir: string, index: number, stage: string, seed: number): MetricLine[] {
  const file = join(stageDirOf(seedDir, index, stage), 'metrics.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const {
        step,
        stage: _stage,
        ...values
      } = JSON.parse(line) as Record<string, number> & { stage: string };
      return { stage, seed, step, values };
    });
}

/** Plain report data from the lineages of one recipe's seeds (pure but for reading metrics files). */
export function reportInputOf(recipe: Recipe, lineages: Lineage[], seedDirs: string[]): RunReportInput {
  const evaluations: RunReportInput['evaluations'] = [];
  const rows = [
    ...(lineages[0]?.base ? [{ stage: BASE_STAGE, of: (l: Lineage) => l.base }] : []),
    ...recipe.stages.map((stage, index) => ({
      stage: stage.name,
      of: (l: Lineage) => l.stages[index]?.evaluation,
    })),
  ];
  for (const row of rows)
    for (const domain of recipe.evaluation.domains)
      for (const mode of recipe.evaluation.modes) {
        const cells = lineages.map((l) => row.of(l)?.find((c) => c.domain === domain && c.mode === mode));
        if (cells.some((cell) => cell === undefined)) continue;
        const present = cells as NonNullable<(typeof cells)[number]>[];
        const detail: Record<string, number> = {};
        for (const cell of present)
          for (const [key, value] of Object.entries(cell.detail))
            detail[key] = (detail[key] ?? 0) + value / present.length;
        evaluations.push({
          stage: row.stage,
          domain,
          mode,
          scores: present.map((cell) => cell.score),
          meanResponseTokens:
            present.reduce((sum, cell) => sum + cell.meanResponseTokens, 0) / present.length,
          detail,
        });
      }
  const metrics = lineages.flatMap((lineage, s) =>
    recipe.stages.flatMap((stage, index) => readStageMetrics(seedDirs[s], index, stage.name, lineage.seed)),
  );
  const thinkingModes = Object.fromEntries(
    recipe.stages.flatMap((stage) => (stage.kind === 'grpo' ? [[stage.name, stage.grpo.thinkingMode]] : [])),
  );
  return {
    name: recipe.name,
    createdAt: lineages[0]?.createdAt ?? new Date().toISOString(),
    seeds: lineages.map((lineage) => lineage.seed),
    profile: lineages[0]?.profile ?? 'full',
    stages: recipe.stages.map((stage, index) => ({
      name: stage.name,
      kind: stage.kind,
      domain: stage.kind === 'reward-model' ? 'preference' : stage.domains.join('+'),
      steps: lineages[0]?.stages[index]?.steps ?? 0,
      wallSeconds:
        lineages.reduce((sum, lineage) => sum + (lineage.stages[index]?.wallSeconds ?? 0), 0) /
        Math.max(lineages.length, 1),
    })),
    domains: recipe.evaluation.domains,
    evaluations,
    metrics,
    checks: cascadeChecks(lineages, thinkingModes),
    facts: {
      engine: recipe.engine,
      chat: recipe.chat,
      tokenizer: recipe.tokenizer,
      model: recipe.model.checkpoint ?? `from scratch: ${JSON.stringify(recipe.model.architecture)}`,
      evaluation: `${recipe.evaluation.prompts} held-out prompts${promptOverrides(recipe)} × ${recipe.evaluation.samples} samples per domain and mode, T ${recipe.evaluation.temperature}`,
    },
  };
}

/** Writes the report, metrics.jsonl and TensorBoard files into `out`; returns paths and a summary. */
export async function writeRunReport(
  out: string,
  recipe: Recipe,
  lineages: Lineage[],
  seedDirs: string[],
): Promise<{ html: string; markdown: string; summary: string }> {
  const input = reportInputOf(recipe, lineages, seedDirs);
  writeFileSync(
    join(out, 'metrics.jsonl'),
    input.metrics
      .map(
        (line) =>
          `${JSON.stringify({ seed: line.seed, stage: line.stage, step: line.step, ...line.values })}\n`,
      )
      .join(''),
  );
  const tb = join(out, 'tb');
  rmSync(tb, { recursive: true, force: true });
  for (const [s, lineage] of lineages.entries())
    for (const stage of recipe.stages) {
      const lines = input.metrics.filter((line) => line.stage === stage.name && line.seed === lineage.seed);
      if (lines.length === 0) continue;
      const writer = new TensorBoardWriter(
        join(tb, lineages.length > 1 ? basename(seedDirs[s]) : '', stage.name),
      );
      for (const line of lines)
        for (const [tag, value] of Object.entries(line.values))
          if (Number.isFinite(value)) writer.scalar(tag, line.step, value);
      writer.close();
    }
  const written = await writeReport(out, input);
  const summary = [
    ...input.checks!.map((check) => `${check.holds ? '✓' : '✗'} ${check.claim}: ${check.detail}`),
    '',
  ].join('\n');
  return { html: written.html, markdown: written.markdown, summary };
}

/** ` (math 128, …)` for the domains evaluated on another number of prompts, or nothing. */
function promptOverrides(recipe: Recipe): string {
  const entries = Object.entries(recipe.evaluation.promptsByDomain);
  return entries.length === 0
    ? ''
    : ` (${entries.map(([domain, count]) => `${domain} ${count}`).join(', ')})`;
}
