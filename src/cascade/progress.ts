/**
 * Progress of `cascade run`: a bar per stage with steps, ETA and the current reward or loss on a
 * terminal; one plain line per event otherwise (logs, CI). Formatting is pure; the reporter writes.
 */
import cliProgress from 'cli-progress';
import type { TrainerMetrics } from '../train/index.ts';
import type { RunEvent } from './runner.ts';

/** The number a person watches during a stage: the reward for RL, the loss otherwise. */
export function headline(metrics: TrainerMetrics): string {
  const v = metrics.values;
  if (v['reward/mean'] !== undefined) return `reward ${v['reward/mean'].toFixed(3)}`;
  if (v.accuracy !== undefined && v.loss !== undefined)
    return `loss ${v.loss.toFixed(3)} acc ${v.accuracy.toFixed(2)}`;
  if (v.loss !== undefined) return `loss ${v.loss.toFixed(3)}`;
  return '';
}

export function formatEvent(event: RunEvent): string | undefined {
  switch (event.type) {
    case 'stage-start':
      return `stage ${event.index + 1}/${event.total} ${event.stage}${event.resumedFromStep ? ` (resuming after step ${event.resumedFromStep})` : ''}`;
    case 'stage-skip':
      return `stage ${event.index + 1}/${event.total} ${event.stage}: done earlier, skipped`;
    case 'metrics':
      return `  ${event.stage} step ${event.metrics.step}/${event.metrics.totalSteps} ${headline(event.metrics)}`;
    case 'evaluation-start':
      return event.reusing
        ? `  evaluating after ${event.stage} (policy unchanged: ${event.rescored.join(', ') || 'nothing'} re-scored, the rest as after ${event.reusing})`
        : `  evaluating after ${event.stage}`;
    case 'evaluation':
      return `  eval ${event.score.domain} ${event.score.mode}: ${event.score.score.toFixed(3)} (${event.score.meanResponseTokens.toFixed(0)} tokens)`;
    case 'stage-done':
      return `  ${event.stage} done in ${event.record.wallSeconds.toFixed(1)} s`;
  }
}

export interface RunReporter {
  onEvent(event: RunEvent): void;
  stop(): void;
}

export function createRunReporter(stream: NodeJS.WritableStream & { isTTY?: boolean }): RunReporter {
  if (!stream.isTTY)
    return {
      onEvent(event) {
        const line = formatEvent(event);
        if (line) stream.write(`${line}\n`);
      },
      stop() {},
    };
  let bar: cliProgress.SingleBar | undefined;
  const stopBar = () => {
    bar?.stop();
    bar = undefined;
  };
  return {
    onEvent(event) {
      if (event.type === 'metrics') {
        if (!bar) {
          bar = new cliProgress.SingleBar(
            {
              stream,
              format: `  ${event.stage} [{bar}] {value}/{total} steps | eta {eta_formatted} | {headline}`,
              hideCursor: true,
            },
            cliProgress.Presets.shades_classic,
          );
          bar.start(event.metrics.totalSteps ?? 0, event.metrics.step, { headline: headline(event.metrics) });
        }
        bar.update(event.metrics.step, { headline: headline(event.metrics) });
        return;
      }
      stopBar();
      const line = formatEvent(event);
      if (line) stream.write(`${line}\n`);
    },
    stop: stopBar,
  };
}
