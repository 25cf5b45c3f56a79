/**
 * Vega-Lite spec → SVG string, in Node, without a browser or a canvas: vega's `View` with `renderer: 'none'`
 * and `toSVG()`. Every input that could vary between runs is fixed here: the config (fonts, sizes, colours), the
 * ids of clip paths and gradients (vega numbers them with module-wide counters, reset before each render), and
 * text widths (estimated from the character count, never measured with system fonts: vega would measure them if
 * the optional `canvas` package were installed, and the layout would then depend on the machine).
 */
import * as vega from 'vega';
import { parse, resetSVGDefIds, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** One font list for every text mark, so a viewer without Helvetica falls back the same way everywhere. */
export const FONT = 'Helvetica, Arial, sans-serif';

/** vega exports `textMetrics` at run time, but its typings do not declare it. */
const { textMetrics } = vega as unknown as { textMetrics: { canvas(use: boolean): void } };

const config = {
  font: FONT,
  // No aria-label per mark: the figures are shown as images, and the labels tripled the size of the files.
  aria: false,
  background: 'white',
  padding: 8,
  view: { stroke: '#ddd' },
  axis: { labelFontSize: 11, titleFontSize: 12, grid: true, gridColor: '#eee' },
  legend: { labelFontSize: 11, titleFontSize: 12 },
  header: { labelFontSize: 12, titleFontSize: 12 },
  title: { fontSize: 14, subtitleFontSize: 11, anchor: 'start' },
} as const;

/** Renders a Vega-Lite spec (without `config`: the shared one is applied) to a deterministic SVG string. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const { spec: vegaSpec } = compile({ ...spec, config } as TopLevelSpec);
  resetSVGDefIds();
  textMetrics.canvas(false);
  const view = new View(parse(vegaSpec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    // One element a line, so a changed figure shows as a readable diff. Only before graphics elements, never
    // inside a <text> (its <tspan>s would gain a space); whitespace between graphics elements renders as nothing.
    return `${svg.replace(/><(g|path|line|rect|text)\b/g, '>\n<$1')}\n`;
  } finally {
    view.finalize();
  }
}
