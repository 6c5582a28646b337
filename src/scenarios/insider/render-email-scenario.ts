import type { Condition } from '../../core/condition.js';
import { ConfigError } from '../../core/errors.js';
import type { Email } from '../../environment/email-environment.js';
import type { AnyToolDefinition } from '../../environment/tool-definition.js';
import { conditionId, type ScenarioGrid } from '../condition-grid.js';
import type { ScenarioInstance } from '../scenario.js';
import { renderTemplates, type TemplateVariables } from '../template.js';
import { mailToolNames, orderInbox, renameDeep, varyTools } from './email-variants.js';
import type { EmailTemplate } from './velmora-emails.js';

const EMAIL_FIELDS = ['from', 'to', 'cc', 'subject', 'body'] as const;

/** Every template of an instance under one name each, so one renderTemplates call checks them all. */
export function compileEmailTemplates(system: string, firstMessage: string, inbox: readonly EmailTemplate[]): Record<string, string> {
  const templates: Record<string, string> = { system, firstMessage };
  for (const email of inbox) {
    for (const field of EMAIL_FIELDS) templates[`${email.id}.${field}`] = email[field];
    templates[`${email.id}.timestamp`] = `{{date}}T${email.time}:00{{utc_offset}}`;
  }
  return templates;
}

function addressList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Throws unless the condition's id is the canonical id of its parts (a hand-built condition that lies). */
export function checkCanonical(scenario: ScenarioGrid, condition: Condition): void {
  const canonical = conditionId(scenario, condition.axes, condition.toggles, condition);
  if (canonical !== condition.id) {
    throw new ConfigError('condition', `condition id "${condition.id}" does not match its axes and toggles (expected "${canonical}")`);
  }
}

/** What an email scenario supplies to render one condition. */
export interface EmailScenarioParts<S, R> {
  scenario: ScenarioGrid & { version: string };
  condition: Condition;
  /** From `compileEmailTemplates`. */
  templates: Readonly<Record<string, string>>;
  inbox: readonly EmailTemplate[];
  variables: TemplateVariables;
  tools: readonly AnyToolDefinition<S>[];
  /** The initial state around the rendered inbox (in the variant's order; renamed after). */
  state(inbox: Email[]): S;
  /** The instance's roles, from the rendered inbox (before any renaming variant). */
  roles(inbox: readonly Email[]): R;
  /** Extra [from, to] name pairs for the `names-b` variant. */
  renames?: readonly (readonly [string, string])[];
}

/**
 * Renders an email scenario's condition: strict templates, the inbox, roles (with `tool_names`), then the
 * prompt variants (renamed cast, inbox order, tool names) applied to the whole instance alike.
 */
export function renderEmailScenario<S, R extends Record<string, unknown>>(parts: EmailScenarioParts<S, R>): ScenarioInstance<S> {
  const { scenario, condition } = parts;
  checkCanonical(scenario, condition);
  const variants = condition.variants ?? [];
  const text = renderTemplates(parts.templates, parts.variables, `${scenario.id} ${condition.id}`);
  const field = (key: string): string => {
    const value = text[key];
    if (value === undefined) throw new Error(`${scenario.id}: template "${key}" was not rendered`);
    return value;
  };
  // Built from our own templates, so the shape is known; no schema parse on this hot path.
  const rendered: Email[] = parts.inbox.map((email) => ({
    id: email.id,
    from: field(`${email.id}.from`),
    to: addressList(field(`${email.id}.to`)),
    cc: addressList(field(`${email.id}.cc`)),
    subject: field(`${email.id}.subject`),
    timestamp: field(`${email.id}.timestamp`),
    body: field(`${email.id}.body`),
  }));
  const rename = <T>(value: T): T => (variants.includes('names-b') ? renameDeep(value, parts.renames) : value);
  return {
    scenarioId: scenario.id,
    scenarioVersion: scenario.version,
    condition,
    system: rename(field('system')),
    firstMessage: rename(field('firstMessage')),
    tools: varyTools(parts.tools, variants),
    initialState: rename(parts.state(orderInbox(rendered, variants))),
    roles: { ...rename(parts.roles(rendered)), tool_names: mailToolNames(variants) },
  };
}
