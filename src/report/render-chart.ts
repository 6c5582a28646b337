import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';

/** Plot's signature names DOM types that this Node build does not load; this is the part we use. */
type RenderPlot = (options: Omit<Plot.PlotOptions, 'document'> & { document: unknown }) => { outerHTML: string };
const plot = Plot.plot as unknown as RenderPlot;
const parse = parseHTML as unknown as (html: string) => { document: unknown };

/**
 * Renders an Observable Plot chart to an SVG string on the server, with linkedom standing in for the
 * browser's DOM, so the report carries finished SVG and needs no script to draw it. Legends that Plot
 * draws on a canvas (continuous color ramps) are not available this way; charts label values instead.
 */
export function renderChart(options: Omit<Plot.PlotOptions, 'document'>): string {
  const { document } = parse('<!doctype html><html><body></body></html>');
  return plot({ ...options, document }).outerHTML;
}
