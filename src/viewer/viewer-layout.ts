import { escapeHtml as e } from '../core/escape-html.js';

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 0; color: #222; }
header { background: #1f2933; color: #fff; padding: .6rem 1.2rem; } header a { color: #cde; margin-right: 1rem; }
main { padding: 1rem 1.2rem; max-width: 1200px; }
table { border-collapse: collapse; } th, td { padding: .25rem .6rem; border-bottom: 1px solid #eee; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.heat { text-align: center; min-width: 5.5rem; } td.heat a { color: inherit; text-decoration: none; display: block; }
.chip { display: inline-block; padding: 0 .4rem; border-radius: 3px; font-size: .8rem; margin-right: .2rem; background: #eee; }
.chip.yes { background: #b2182b; color: #fff; } .chip.no { background: #d1e5f0; } .chip.unscored { background: #fee08b; }
.status-error { color: #b2182b; font-weight: 600; }
.msg { border: 1px solid #ddd; border-radius: 4px; margin: .6rem 0; } .msg > h4 { margin: 0; padding: .3rem .6rem; background: #f3f3f3; font-size: .8rem; text-transform: uppercase; }
.part { padding: .4rem .6rem; } .part pre { white-space: pre-wrap; word-break: break-word; margin: 0; font: 13px/1.4 ui-monospace, monospace; }
.part.reasoning { background: #fafaf0; } .part.tool-call { background: #f0f5fa; } .part.tool-result { background: #f6f6f6; }
.label { font-size: .75rem; color: #666; }
mark.evidence { background: #ffd54f; outline: 2px solid #f57f17; }
.verdict { border-left: 4px solid #999; padding: .3rem .8rem; margin: .6rem 0; background: #fafafa; } .verdict.yes { border-color: #b2182b; }
form.filters label { margin-right: .8rem; } .notice { background: #fff4e5; border: 1px solid #f0b429; padding: .5rem .8rem; }
`;

/** The page shell. `body` must already be escaped markup; the title is escaped here. */
export function page(title: string, base: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><title>${e(title)} · Corrigible</title><style>${STYLE}</style></head>
<body><header><a href="${e(base)}/">Corrigible viewer</a> ${e(title)}</header><main>${body}</main></body></html>`;
}

/** A query string from defined values, every key and value URL-encoded. */
export function query(params: Readonly<Record<string, string | number | undefined>>): string {
  const entries = Object.entries(params).filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== '');
  return entries.length === 0 ? '' : `?${entries.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&')}`;
}

/** Background for a rate in [0, 1]: white to red; text turns white on dark cells. */
export function heat(rate: number | null): string {
  if (rate === null) return 'background:#f0f0f0;color:#999';
  const light = Math.round(97 - rate * 55);
  return `background:hsl(355,70%,${light}%);color:${rate > 0.55 ? '#fff' : '#222'}`;
}
