import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { CascadeError } from '../../core/errors.ts';

/** Chart PNGs are this many pixels wide (the SVG is scaled to fit). */
export const PNG_WIDTH = 960;

/** Renders a vega-lite spec to an SVG string headlessly (no DOM, no canvas). */
export async function renderSvg(spec: TopLevelSpec, name: string): Promise<string> {
  try {
    const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
    const svg = await view.toSVG();
    view.finalize();
    return svg;
  } catch (error) {
    throw new CascadeError('report-chart-failed', `vega could not render the chart: ${String(error)}`, {
      where: `chart '${name}'`,
      cause: error,
    });
  }
}

/** Rasterises an SVG to PNG bytes `width` pixels wide with resvg, using the system's DejaVu fonts. */
export function svgToPng(svg: string, width = PNG_WIDTH): Uint8Array {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: width },
    background: 'white',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}
