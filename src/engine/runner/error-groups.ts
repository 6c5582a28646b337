import type { TrialError } from '../../core/trial.js';
import type { Store } from '../store/store.js';

/** Errors of one model with one cause, e.g. "openai:gpt-x · HTTP 401 · invalid x-api-key" × 40. */
export interface ErrorGroup {
  model: string;
  /** `HTTP 401`, `ModelTimeoutError`, … */
  cause: string;
  /** The provider's own message (the first one seen for this group). */
  message: string;
  count: number;
  /** Whether a re-run may succeed (transient) or something must be fixed first. */
  retryable: boolean;
}

/** The provider's message without our wrapper text and response excerpt, short enough for one line. */
function providerMessage(error: TrialError): string {
  const excerpt = /\(response: (.*)\)$/s.exec(error.message)?.[1];
  if (excerpt) {
    // Most APIs answer `{"error":{"message":"…"}}` (OpenAI, Anthropic, Gemini all nest it so).
    const nested = /"message"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(excerpt)?.[1];
    if (nested) return nested.replace(/\\"/g, '"').slice(0, 200);
  }
  return error.message.replace(/\s*\(response: .*\)$/s, '').slice(0, 200);
}

/** Collects trial errors into groups by model and cause, bounded by the number of distinct causes. */
export class ErrorLog {
  private readonly byKey = new Map<string, ErrorGroup>();

  add(model: string, error: TrialError): void {
    const cause = error.statusCode === undefined ? error.kind : `HTTP ${error.statusCode}`;
    const key = `${model}\u0000${cause}`;
    const group = this.byKey.get(key);
    if (group) group.count++;
    else this.byKey.set(key, { model, cause, message: providerMessage(error), count: 1, retryable: error.retryable });
  }

  /** Most frequent first. */
  groups(): ErrorGroup[] {
    return [...this.byKey.values()].sort((a, b) => b.count - a.count || a.model.localeCompare(b.model));
  }
}

/**
 * The stored errors of a run (the latest failed attempt of every trial still in `error`), grouped by
 * model and cause, for `summary`.
 */
export async function storedErrorGroups(store: Store, runId: string): Promise<ErrorGroup[]> {
  const log = new ErrorLog();
  for (const trial of await store.listTrials(runId, { status: 'error' })) if (trial.error) log.add(trial.model, trial.error);
  return log.groups();
}
