import { existsSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../core/errors.js';
import { openSqliteStore } from '../engine/store/sqlite-store.js';
import { buildReportData } from '../report/report-data.js';
import { renderReportHtml } from '../report/render-html.js';
import { renderReportCsv, renderReportMarkdown } from '../report/render-text.js';
import type { ScenarioRegistry } from '../scenarios/scenario-registry.js';

const FormatSchema = z.enum(['html', 'md', 'csv', 'json']);
type ReportFormat = z.infer<typeof FormatSchema>;

export interface ReportFlags {
  db: string;
  compare?: string | undefined;
  output?: string | undefined;
  format?: string | undefined;
}

/** --format wins; otherwise the output file's extension decides; otherwise HTML. */
function chooseFormat(flags: ReportFlags): ReportFormat {
  if (flags.format !== undefined) {
    const parsed = FormatSchema.safeParse(flags.format);
    if (!parsed.success) throw new ConfigError('--format', `"${flags.format}" is not a report format; use html, md, csv or json`);
    return parsed.data;
  }
  const ext = flags.output ? extname(flags.output).slice(1).toLowerCase() : '';
  const byExtension: Record<string, ReportFormat> = { html: 'html', htm: 'html', md: 'md', markdown: 'md', csv: 'csv', json: 'json' };
  return byExtension[ext] ?? 'html';
}

/** `corrigible report <run>`: writes the report to -o (or stdout). Returns the exit code. */
export async function reportCommand(runId: string, flags: ReportFlags, scenarios: ScenarioRegistry): Promise<number> {
  const format = chooseFormat(flags);
  if (!existsSync(flags.db)) throw new ConfigError('--db', `no store at "${flags.db}"`, { hint: 'pass --db with the path your run used' });
  const store = openSqliteStore(flags.db);
  let text: string;
  try {
    const data = await buildReportData(store, runId, scenarios, flags.compare === undefined ? {} : { compare: flags.compare });
    text = format === 'html' ? renderReportHtml(data) : format === 'md' ? renderReportMarkdown(data) : format === 'csv' ? renderReportCsv(data) : `${JSON.stringify(data, null, 2)}\n`;
  } finally {
    await store.close();
  }
  if (flags.output === undefined) {
    process.stdout.write(text);
    return 0;
  }
  try {
    writeFileSync(flags.output, text);
  } catch (error) {
    throw new ConfigError('-o', `cannot write "${flags.output}" (${error instanceof Error ? error.message : String(error)})`, { hint: 'choose a path in a folder you may write to' });
  }
  console.error(`wrote ${format} report of run "${runId}" to ${flags.output}`);
  return 0;
}
