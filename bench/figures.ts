/** What every bench reports: one figure per line with `--json`, else a table. Shared by the benches. */
export interface Figure {
  bench: string;
  case: string;
  metric: string;
  value: number;
  unit: string;
  baseline?: number;
  ratio?: number;
}

/** The number after `name` in argv, or `fallback`. */
export function numberArg(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
}

/** A metric / value / baseline / ratio / unit table; `valueTitle` names the value column. */
export function printMetricTable(figures: Figure[], valueTitle: string): void {
  console.log(
    `${'metric'.padEnd(30)}${valueTitle.padStart(12)}${'baseline'.padStart(12)}${'ratio'.padStart(8)}  unit`,
  );
  const show = (value: number | undefined) => (value === undefined ? '' : value.toFixed(value < 100 ? 2 : 0));
  for (const figure of figures) {
    console.log(
      `${figure.metric.padEnd(30)}${show(figure.value).padStart(12)}${show(figure.baseline).padStart(12)}${show(figure.ratio).padStart(8)}  ${figure.unit}`,
    );
  }
}
