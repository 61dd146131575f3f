import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeHtml, inlineSvg, reportHtml } from './html.ts';
import { syntheticRunInput } from './testing/synthetic.ts';

describe('reportHtml', () => {
  it('escapes text that would otherwise be markup', () => {
    assert.equal(escapeHtml('<a href="x">&</a>'), '&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;');
    const input = { ...syntheticRunInput([1]), name: '<script>alert(1)</script>' };
    const html = reportHtml(input, {});
    assert.ok(!html.includes('<script>'));
    assert.match(html, /<title>Cascade run report: &lt;script&gt;/);
  });

  it('says so where a chart has no SVG rather than dropping it silently', () => {
    const html = reportHtml(syntheticRunInput([1]), {});
    assert.match(html, /\(chart cascade was not rendered\)/);
  });

  it('prefixes SVG ids so two inlined charts cannot collide', () => {
    const svg =
      '<?xml version="1.0"?><svg><defs><linearGradient id="g0"/></defs><rect fill="url(#g0)"/><use href="#g0"/></svg>';
    assert.equal(
      inlineSvg(svg, 'chart-a'),
      '<svg><defs><linearGradient id="chart-a-g0"/></defs><rect fill="url(#chart-a-g0)"/><use href="#chart-a-g0"/></svg>',
    );
  });
});
