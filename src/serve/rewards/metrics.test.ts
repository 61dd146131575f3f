import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeLabelValue, formatValue, MetricsRegistry } from './metrics.ts';

describe('Prometheus text exposition', () => {
  it('renders counters with HELP and TYPE, one line per label set, label order not mattering', () => {
    const registry = new MetricsRegistry();
    const counter = registry.counter('jobs_total', 'Jobs done.\nSecond line \\ here.');
    counter.inc({ kind: 'a', code: '200' });
    counter.inc({ code: '200', kind: 'a' }, 2);
    counter.inc({ kind: 'b"q"', code: '500' });
    assert.equal(counter.value({ code: '200', kind: 'a' }), 3);
    assert.equal(
      registry.render(),
      [
        '# HELP jobs_total Jobs done.\\nSecond line \\\\ here.',
        '# TYPE jobs_total counter',
        'jobs_total{kind="a",code="200"} 3',
        'jobs_total{kind="b\\"q\\"",code="500"} 1',
        '',
      ].join('\n'),
    );
  });

  it('renders histograms with cumulative buckets, +Inf equal to the count, sum and count', () => {
    const registry = new MetricsRegistry();
    const histogram = registry.histogram('latency_seconds', 'Latency.', [0.1, 1]);
    for (const value of [0.05, 0.1, 0.5, 3]) histogram.observe({ route: '/x' }, value);
    assert.equal(
      registry.render(),
      [
        '# HELP latency_seconds Latency.',
        '# TYPE latency_seconds histogram',
        'latency_seconds_bucket{route="/x",le="0.1"} 2',
        'latency_seconds_bucket{route="/x",le="1"} 3',
        'latency_seconds_bucket{route="/x",le="+Inf"} 4',
        'latency_seconds_sum{route="/x"} 3.65',
        'latency_seconds_count{route="/x"} 4',
        '',
      ].join('\n'),
    );
  });

  it('reads gauges at scrape time and writes unlabelled samples bare', () => {
    const registry = new MetricsRegistry();
    let depth = 5;
    registry.gauge('queue_depth', 'Waiting.', () => [{ labels: {}, value: depth }]);
    assert.match(registry.render(), /\nqueue_depth 5\n$/);
    depth = 0;
    assert.match(registry.render(), /\nqueue_depth 0\n$/);
  });

  it('escapes label values and formats special numbers', () => {
    assert.equal(escapeLabelValue('a\\b"c\nd'), 'a\\\\b\\"c\\nd');
    assert.equal(formatValue(Number.POSITIVE_INFINITY), '+Inf');
    assert.equal(formatValue(Number.NEGATIVE_INFINITY), '-Inf');
    assert.equal(formatValue(Number.NaN), 'NaN');
    assert.equal(formatValue(2), '2');
  });
});
