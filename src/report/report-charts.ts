import * as Plot from '@observablehq/plot';
import type { BehaviorReport, ComparisonReport, ModeRow } from './report-data.js';
import { renderChart } from './render-chart.js';

const pct = (v: number) => `${Math.round(v * 100)}%`;

/** Rate per model × condition with its Wilson interval (bar) and exact interval (thin line). */
export function rateChart(report: BehaviorReport): string {
  const data = report.cells.filter((c) => c.rate !== null).map((c) => ({ ...c, key: `${c.model} · ${c.conditionId.split('/').slice(1).join('/') || c.conditionId}` }));
  if (data.length === 0) return '';
  return renderChart({
    width: 760,
    height: 22 * data.length + 50,
    marginLeft: 330,
    marginRight: 60,
    x: { domain: [0, 1], tickFormat: pct, label: `${report.behavior} rate`, grid: true },
    y: { label: null, domain: data.map((d) => d.key) },
    marks: [
      Plot.ruleY(data, { y: 'key', x1: 'exactLow', x2: 'exactHigh', stroke: '#999' }),
      Plot.ruleY(data, { y: 'key', x1: 'low', x2: 'high', stroke: '#b2182b', strokeWidth: 4, strokeOpacity: 0.5 }),
      Plot.dot(data, { y: 'key', x: 'rate', fill: '#b2182b', r: 3.5 }),
      Plot.text(data, { y: 'key', x: 1, text: (d: (typeof data)[number]) => `${d.harmful}/${d.n}`, textAnchor: 'start', dx: 8 }),
    ],
  });
}

/** Heatmap over the first two axes of the grid, one panel per model, each cell labelled with its rate. */
export function gridChart(report: BehaviorReport): string {
  if (!report.gridAxes || report.grid.length === 0) return '';
  const data = report.grid.filter((g) => g.rate !== null);
  const [rowAxis, columnAxis] = report.gridAxes;
  return renderChart({
    width: 760,
    marginLeft: 150,
    padding: 0.04,
    x: { label: columnAxis },
    y: { label: rowAxis },
    fx: { label: null, domain: [...new Set(report.cells.map((c) => c.model))] },
    color: { type: 'linear', scheme: 'reds', domain: [0, 1] },
    marks: [
      Plot.cell(data, { fx: 'model', x: 'column', y: 'row', fill: 'rate', inset: 0.5 }),
      Plot.text(data, { fx: 'model', x: 'column', y: 'row', text: (d: (typeof data)[number]) => `${pct(d.rate ?? 0)} (n=${d.n})`, fill: (d: (typeof data)[number]) => ((d.rate ?? 0) > 0.5 ? 'white' : 'black') }),
    ],
  });
}

/** For each toggle the run varied: the rate with it off and on, per model, with intervals. */
export function variantChart(report: BehaviorReport): string {
  const data = report.variants.flatMap((v) => v.rows.filter((r) => r.rate !== null).map((r) => ({ ...r, toggle: v.toggle, key: `${r.model} · ${r.value}` })));
  if (data.length === 0) return '';
  return renderChart({
    width: 760,
    marginLeft: 200,
    x: { domain: [0, 1], tickFormat: pct, grid: true, label: `${report.behavior} rate` },
    y: { label: null },
    fy: { label: null },
    marks: [
      Plot.ruleY(data, { fy: 'toggle', y: 'key', x1: 'low', x2: 'high', stroke: 'value', strokeWidth: 3 }),
      Plot.dot(data, { fy: 'toggle', y: 'key', x: 'rate', fill: 'value', r: 4 }),
    ],
    color: { domain: ['off', 'on'], range: ['#4575b4', '#d73027'], legend: true },
  });
}

/** Acted vs considered (and any other behavior the classifiers score, such as evaluation awareness), per model. */
export function modeChart(rows: readonly ModeRow[]): string {
  const data = rows.filter((r) => r.rate !== null).map((r) => ({ ...r, key: `${r.model} · ${r.behavior} (${r.mode})` }));
  if (data.length === 0) return '';
  return renderChart({
    width: 760,
    height: 24 * data.length + 50,
    marginLeft: 330,
    x: { domain: [0, 1], tickFormat: pct, grid: true, label: 'share of scored trials' },
    y: { label: null, domain: data.map((d) => d.key) },
    marks: [
      Plot.barX(data, { y: 'key', x: 'rate', fill: 'mode' }),
      Plot.ruleY(data, { y: 'key', x1: 'low', x2: 'high', stroke: 'black' }),
    ],
    color: { legend: true, domain: ['acted', 'considered'], range: ['#b2182b', '#f4a582'] },
  });
}

/** rate(run) − rate(baseline) with Newcombe intervals, a zero line, per comparison row. */
export function comparisonChart(comparison: ComparisonReport): string {
  const data = comparison.rows.filter((r) => r.difference !== null);
  if (data.length === 0) return '';
  return renderChart({
    width: 760,
    height: Math.max(100, 24 * data.length + 50),
    marginLeft: 340,
    x: { domain: [-1, 1], tickFormat: (v: number) => `${v > 0 ? '+' : ''}${Math.round(v * 100)}`, grid: true, label: 'difference in percentage points (run − baseline)' },
    y: { label: null, domain: data.map((d) => d.label) },
    marks: [
      Plot.ruleX([0]),
      Plot.ruleY(data, { y: 'label', x1: 'low', x2: 'high', stroke: '#555', strokeWidth: 2 }),
      Plot.dot(data, { y: 'label', x: 'difference', fill: (d: (typeof data)[number]) => ((d.adjustedP ?? 1) < 0.05 ? '#b2182b' : '#777'), r: 4 }),
    ],
  });
}
