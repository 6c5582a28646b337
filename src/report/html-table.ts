import { escapeHtml as e } from '../core/escape-html.js';

/** An HTML table; cells arrive escaped (some carry links), so they are inserted as they are. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[], numeric: ReadonlySet<number> = new Set()): string {
  const head = headers.map((h, i) => `<th${numeric.has(i) ? ' class="num"' : ''}>${e(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c, i) => `<td${numeric.has(i) ? ' class="num"' : ''}>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** A chart with its caption; nothing when the chart had nothing to draw. */
export const figure = (svg: string, caption: string): string => (svg ? `<figure>${svg}<figcaption class="meta">${e(caption)}</figcaption></figure>` : '');
