/**
 * A small Prometheus registry: counters, gauges (set or read at scrape time) and histograms, rendered
 * in the text exposition format (version 0.0.4): `# HELP`, `# TYPE`, then one sample per line,
 * histograms as cumulative `_bucket{le=…}` lines plus `_sum` and `_count`.
 */

export type Labels = Record<string, string>;

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Request and verification latencies span sub-millisecond checks to minute-long code tests. */
export const LATENCY_BUCKETS_S = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120,
] as const;

/** Label values escape backslash, double quote and newline; HELP text escapes backslash and newline. */
export function escapeLabelValue(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
}

function escapeHelp(text: string): string {
  return text.replaceAll('\\', '\\\\').replaceAll('\n', '\\n');
}

/** A sample value as Prometheus writes it: integers plainly, infinities as +Inf/-Inf. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

function labelText(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';
  return `{${entries.map(([key, value]) => `${key}="${escapeLabelValue(value)}"`).join(',')}}`;
}

/** Series are keyed by their sorted label pairs so `{a,b}` and `{b,a}` are one series. */
function seriesKey(labels: Labels): string {
  const keys = Object.keys(labels);
  if (keys.length > 1) keys.sort();
  // runs once per row: a joined string is far cheaper than JSON of sorted entries
  let key = '';
  for (const name of keys) key += `${name}\u0000${labels[name]}\u0001`;
  return key;
}

interface Metric {
  name: string;
  render(): string[];
}

export class Counter implements Metric {
  private readonly series = new Map<string, { labels: Labels; value: number }>();

  constructor(
    readonly name: string,
    private readonly help: string,
  ) {}

  inc(labels: Labels = {}, by = 1): void {
    const key = seriesKey(labels);
    const entry = this.series.get(key);
    if (entry) entry.value += by;
    else this.series.set(key, { labels: { ...labels }, value: by });
  }

  value(labels: Labels = {}): number {
    return this.series.get(seriesKey(labels))?.value ?? 0;
  }

  render(): string[] {
    const lines = [`# HELP ${this.name} ${escapeHelp(this.help)}`, `# TYPE ${this.name} counter`];
    for (const { labels, value } of this.series.values())
      lines.push(`${this.name}${labelText(labels)} ${formatValue(value)}`);
    return lines;
  }
}

/** A gauge read at scrape time, so it can never drift from the state it reports. */
export class Gauge implements Metric {
  constructor(
    readonly name: string,
    private readonly help: string,
    private readonly read: () => Array<{ labels: Labels; value: number }>,
  ) {}

  render(): string[] {
    const lines = [`# HELP ${this.name} ${escapeHelp(this.help)}`, `# TYPE ${this.name} gauge`];
    for (const { labels, value } of this.read())
      lines.push(`${this.name}${labelText(labels)} ${formatValue(value)}`);
    return lines;
  }
}

interface HistogramSeries {
  labels: Labels;
  counts: number[];
  sum: number;
  count: number;
}

export class Histogram implements Metric {
  private readonly series = new Map<string, HistogramSeries>();

  constructor(
    readonly name: string,
    private readonly help: string,
    private readonly buckets: readonly number[] = LATENCY_BUCKETS_S,
  ) {}

  observe(labels: Labels, value: number): void {
    const key = seriesKey(labels);
    let entry = this.series.get(key);
    if (!entry) {
      entry = { labels: { ...labels }, counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, entry);
    }
    // per-bucket counts here; render() makes them cumulative as the format requires
    const at = this.buckets.findIndex((bound) => value <= bound);
    if (at >= 0) entry.counts[at] += 1;
    entry.sum += value;
    entry.count += 1;
  }

  count(labels: Labels = {}): number {
    return this.series.get(seriesKey(labels))?.count ?? 0;
  }

  render(): string[] {
    const lines = [`# HELP ${this.name} ${escapeHelp(this.help)}`, `# TYPE ${this.name} histogram`];
    for (const { labels, counts, sum, count } of this.series.values()) {
      let cumulative = 0;
      for (const [index, bound] of this.buckets.entries()) {
        cumulative += counts[index];
        lines.push(`${this.name}_bucket${labelText({ ...labels, le: formatValue(bound) })} ${cumulative}`);
      }
      lines.push(`${this.name}_bucket${labelText({ ...labels, le: '+Inf' })} ${count}`);
      lines.push(`${this.name}_sum${labelText(labels)} ${formatValue(sum)}`);
      lines.push(`${this.name}_count${labelText(labels)} ${count}`);
    }
    return lines;
  }
}

/** Metrics in registration order; `render()` is the whole `/metrics` body. */
export class MetricsRegistry {
  private readonly metrics: Metric[] = [];

  counter(name: string, help: string): Counter {
    return this.add(new Counter(name, help));
  }

  gauge(name: string, help: string, read: () => Array<{ labels: Labels; value: number }>): Gauge {
    return this.add(new Gauge(name, help, read));
  }

  histogram(name: string, help: string, buckets?: readonly number[]): Histogram {
    return this.add(new Histogram(name, help, buckets));
  }

  render(): string {
    return `${this.metrics.flatMap((metric) => metric.render()).join('\n')}\n`;
  }

  private add<M extends Metric>(metric: M): M {
    this.metrics.push(metric);
    return metric;
  }
}
