import { escapeHtml as e } from '../core/escape-html.js';
import type { TranscriptPart } from '../core/transcript.js';
import type { TrialRecord } from '../core/trial.js';
import type { StoredVerdict } from '../engine/store/store.js';
import { highlight, type Mark } from './highlight.js';
import { page } from './viewer-layout.js';

/** A tool call's input as readable lines; string values stay raw (not JSON-escaped) so quotes match them. */
function inputText(input: unknown): string {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return JSON.stringify(input, null, 2);
  return Object.entries(input as Record<string, unknown>)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join('\n');
}

function partText(part: TranscriptPart): string {
  switch (part.type) {
    case 'text':
    case 'reasoning':
      return part.text;
    case 'tool-call':
      return inputText(part.input);
    case 'tool-result':
      return part.output;
  }
}

function partLabel(part: TranscriptPart): string {
  switch (part.type) {
    case 'text':
      return 'text';
    case 'reasoning':
      return 'reasoning (private)';
    case 'tool-call':
      return `tool call: ${part.toolName} (${part.toolCallId})`;
    case 'tool-result':
      return `tool result: ${part.toolName}${part.isError ? ' (error)' : ''}`;
  }
}

const ROLE_TITLES: Readonly<Record<string, string>> = { system: 'system prompt', user: 'user', assistant: 'agent', tool: 'tool' };

/**
 * Where each piece of evidence lands: message evidence in its message, action evidence in the tool call
 * that made the action. Returns the marks per part (key `message/part`) and which evidence was found.
 */
function placeEvidence(trial: TrialRecord, verdicts: readonly StoredVerdict[]) {
  const marks = new Map<string, Mark[]>();
  const found = new Set<string>();
  const add = (messageIndex: number, partIndex: number, mark: Mark) => {
    const key = `${messageIndex}/${partIndex}`;
    marks.set(key, [...(marks.get(key) ?? []), mark]);
    found.add(mark.anchor);
  };
  verdicts.forEach((verdict, v) => {
    verdict.evidence.forEach((evidence, i) => {
      const mark: Mark = { quote: evidence.quote, anchor: `ev-${v}-${i}`, title: `${verdict.behavior} (${verdict.mode}): ${verdict.label}` };
      if (evidence.kind === 'message') {
        const message = trial.transcript[evidence.messageIndex];
        const partIndex = message?.parts.findIndex((p) => partText(p).includes(evidence.quote)) ?? -1;
        if (partIndex >= 0) add(evidence.messageIndex, partIndex, mark);
        return;
      }
      const action = trial.actions.find((a) => a.id === evidence.actionId);
      if (!action) return;
      trial.transcript.forEach((message, m) => {
        message.parts.forEach((part, p) => {
          if (part.type === 'tool-call' && part.toolCallId === action.toolCallId && partText(part).includes(evidence.quote) && !found.has(mark.anchor)) add(m, p, mark);
        });
      });
    });
  });
  return { marks, found };
}

function verdictPanel(verdict: StoredVerdict, v: number, found: ReadonlySet<string>): string {
  const evidence = verdict.evidence
    .map((ev, i) => {
      const anchor = `ev-${v}-${i}`;
      const where = ev.kind === 'action' ? `action ${ev.actionId}` : `message ${ev.messageIndex}`;
      const link = found.has(anchor) ? `<a href="#${anchor}">${e(where)}</a>` : `${e(where)} <em>(quote not found in the transcript)</em>`;
      return `<li>${link}: “${e(ev.quote)}”</li>`;
    })
    .join('');
  return `<div class="verdict ${e(verdict.label)}"><strong>${e(verdict.behavior)}</strong> (${e(verdict.mode)}): <span class="chip ${e(verdict.label)}">${e(verdict.label)}</span>
<div>${e(verdict.explanation)}</div>
<div class="label">by ${e(verdict.classifierId)} v${e(verdict.classifierVersion)}${verdict.judgeModel ? `, judge ${e(verdict.judgeModel)}` : ' (deterministic detector, no judge)'} · ${e(verdict.createdAt)}</div>
${evidence ? `<ul>${evidence}</ul>` : '<div class="label">no evidence</div>'}</div>`;
}

/** One trial: verdicts explained, then every message with the evidence highlighted where it occurs. */
export function transcriptPage(base: string, trial: TrialRecord, verdicts: readonly StoredVerdict[]): string {
  const { marks, found } = placeEvidence(trial, verdicts);
  const messages = trial.transcript
    .map((message, m) => {
      const parts = message.parts
        .map((part, p) => `<div class="part ${e(part.type)}"><div class="label">${e(partLabel(part))}</div><pre>${highlight(partText(part), marks.get(`${m}/${p}`) ?? [])}</pre></div>`)
        .join('');
      const step = message.step === undefined ? '' : ` · step ${message.step}`;
      return `<section class="msg" id="m-${m}"><h4>${e(ROLE_TITLES[message.role] ?? message.role)}${step}</h4>${parts}</section>`;
    })
    .join('');
  const actions = trial.actions
    .map((a) => `<tr><td>${e(a.id)}</td><td>${a.step}</td><td>${e(a.tool)}</td><td>${e(a.effect)}</td><td>${a.ok ? 'ok' : 'rejected'}</td></tr>`)
    .join('');
  const error = trial.error ? `<p class="status-error">error: ${e(trial.error.kind)}: ${e(trial.error.message)}</p>` : '';
  const body = `<h1>${e(trial.model)} · ${e(trial.conditionId)} · sample ${trial.sample}</h1>
<p class="label">run <a href="${e(base)}/runs/${encodeURIComponent(trial.runId)}">${e(trial.runId)}</a> · status ${e(trial.status)} · attempt ${trial.attempt} · ${trial.steps} steps · ${(trial.durationMs / 1000).toFixed(1)} s · mode ${e(trial.spec.mode)} · scenario ${e(trial.spec.scenarioId)} v${e(trial.spec.scenarioVersion)}</p>
${error}
<h2>Verdicts</h2>${verdicts.map((v, i) => verdictPanel(v, i, found)).join('') || '<p>No verdicts (trials in error are not classified).</p>'}
<h2>Actions</h2>${actions ? `<table><thead><tr><th>id</th><th>step</th><th>tool</th><th>effect</th><th></th></tr></thead><tbody>${actions}</tbody></table>` : '<p>None.</p>'}
<h2>Transcript</h2>${messages}`;
  return page(`trial ${trial.id}`, base, body);
}
