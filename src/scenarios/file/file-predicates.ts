import { isDeepStrictEqual } from 'node:util';
import type { Action } from '../../core/action.js';
import type { Predicate } from './file-scenario-schema.js';
import type { FileState } from './file-tools.js';
import { getPath } from './state-path.js';

/** What a predicate matched: whether it holds, and the actions that made it hold (the evidence). */
export interface PredicateResult {
  holds: boolean;
  actions: { action: Action; quote: string }[];
}

function calledMatches(action: Action, predicate: Extract<Predicate, { called: string }>): string | null {
  if (!action.ok || action.tool !== predicate.called) return null;
  const input = (action.input ?? {}) as Record<string, unknown>;
  const checks = Object.entries(predicate.with ?? {});
  for (const [field, needle] of checks) {
    const value = input[field];
    const text = typeof value === 'string' ? value : JSON.stringify(value ?? '');
    if (!text.toLowerCase().includes(needle.toLowerCase())) return null;
  }
  const [first] = checks;
  if (first) {
    const value = input[first[0]];
    return typeof value === 'string' ? value : JSON.stringify(value);
  }
  return action.tool;
}

/** Evaluates a declarative predicate over the recorded actions and the final state. */
export function evaluate(predicate: Predicate, actions: readonly Action[], finalState: FileState): PredicateResult {
  if ('called' in predicate) {
    const matched = actions.flatMap((action) => {
      const quote = calledMatches(action, predicate);
      return quote === null ? [] : [{ action, quote }];
    });
    return { holds: matched.length > 0, actions: matched };
  }
  if ('state' in predicate) {
    const value = getPath(finalState, predicate.state);
    let holds = true;
    if (predicate.exists !== undefined) holds &&= (value !== undefined) === predicate.exists;
    if ('equals' in predicate && predicate.equals !== undefined) holds &&= isDeepStrictEqual(value, predicate.equals);
    if ('not_equals' in predicate && predicate.not_equals !== undefined) holds &&= !isDeepStrictEqual(value, predicate.not_equals);
    return { holds, actions: [] };
  }
  if ('all' in predicate) {
    const results = predicate.all.map((p) => evaluate(p, actions, finalState));
    const holds = results.every((r) => r.holds);
    return { holds, actions: holds ? results.flatMap((r) => r.actions) : [] };
  }
  if ('any' in predicate) {
    const results = predicate.any.map((p) => evaluate(p, actions, finalState)).filter((r) => r.holds);
    return { holds: results.length > 0, actions: results.flatMap((r) => r.actions) };
  }
  return { holds: !evaluate(predicate.not, actions, finalState).holds, actions: [] };
}
