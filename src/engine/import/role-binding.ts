import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import type { AnyScenario } from '../../scenarios/scenario.js';
import { fullGrid } from '../../scenarios/condition-grid.js';
import { BindingError } from './import-errors.js';

/** How one foreign tool maps onto one of ours: `rename` turns their argument names into ours. */
export const ToolMappingSchema = z.strictObject({
  tool: z.string().min(1).describe('our tool name, e.g. send_email'),
  rename: z.record(z.string(), z.string().min(1)).default({}).describe('their argument name → ours, e.g. { body: note }'),
  effect: z.enum(['observe', 'change']).optional().describe('defaults to the effect of our tool'),
  set: z
    .record(z.string(), z.unknown())
    .default({})
    .describe('arguments our tool needs that theirs lacks, added when absent, e.g. { alert_id: EA-1 }'),
  fields: z
    .array(z.string().min(1))
    .optional()
    .describe('their argument names: then only these start a new field in a text block, so a multi-line value may hold lines like "note: …"'),
});
export type ToolMapping = z.output<typeof ToolMappingSchema>;

/**
 * What a foreign transcript means in our terms: which scenario's detectors score it, the facts those
 * detectors read (roles: the executive's address, the override code, the shutdown script…), and how the
 * foreign tools map onto ours. Written by hand (`--binding roles.yaml`) or built in for the research
 * framework's three settings.
 */
export const RoleBindingSchema = z.strictObject({
  id: z.string().min(1).optional().describe('a name for the binding, stored with every trial it produced'),
  scenario: z.string().min(1).describe('our scenario whose detectors score the transcripts, e.g. blackmail or shutdown'),
  /** Role values as the scenario's detectors read them: mostly strings, some lists (e.g. outside addresses). */
  roles: z.record(z.string(), z.unknown()).default({}),
  tools: z.record(z.string(), ToolMappingSchema).default({}),
  /**
   * Replaces top-level parts of the scenario's initial world before the imported actions are replayed in it,
   * so it matches the foreign one (e.g. the alert and its override code, the files of a shell sandbox).
   */
  state: z.record(z.string(), z.unknown()).default({}),
});
export type RoleBinding = z.output<typeof RoleBindingSchema> & { id: string };

/** Parses a binding object (from YAML or code); `source` names it in errors. */
export function parseRoleBinding(value: unknown, source: string): RoleBinding {
  const parsed = RoleBindingSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue ? issue.path.map(String).join('.') : '';
    throw new BindingError(`${source}: ${field ? `${field}: ` : ''}${issue?.message ?? 'invalid binding'}`, {
      hint: 'a binding has "scenario", "roles" (name: value) and "tools" (their name: { tool: ours, rename: { theirs: ours } }); see docs/import.md',
    });
  }
  return { ...parsed.data, id: parsed.data.id ?? source };
}

/** Reads a binding YAML file; errors name the file (and line for YAML syntax). */
export function loadRoleBinding(path: string): RoleBinding {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new BindingError(`cannot read the binding file "${path}" (${(error as Error).message})`, { hint: 'pass --binding with the path of a roles YAML file' });
  }
  const doc = parseDocument(text, { prettyErrors: true });
  const first = doc.errors[0];
  if (first) {
    const line = first.linePos?.[0].line;
    throw new BindingError(`${path}${line === undefined ? '' : `:${line}`}: ${first.message.split('\n')[0] ?? 'invalid YAML'}`);
  }
  return parseRoleBinding(doc.toJS(), path);
}

/**
 * The roles a scenario's detectors read: every role its own rendered instances publish. A binding must
 * give each of them, so a detector never runs on half the facts.
 */
export function requiredRoles(scenario: AnyScenario): string[] {
  let roles = requiredCache.get(scenario);
  if (!roles) {
    const first = fullGrid(scenario)[0];
    roles = first ? Object.keys(scenario.render(first).roles).sort() : [];
    requiredCache.set(scenario, roles);
  }
  return roles;
}

// Rendering a condition is pure, so one render per scenario serves every transcript of an import.
const requiredCache = new WeakMap<AnyScenario, string[]>();

/** Checks a binding against its scenario before anything is read or stored. */
export function checkBinding(binding: RoleBinding, scenario: AnyScenario): void {
  const missing = requiredRoles(scenario).filter((role) => binding.roles[role] === undefined || binding.roles[role] === null || binding.roles[role] === '');
  if (missing.length > 0) {
    throw new BindingError(
      `binding "${binding.id}" lacks the role${missing.length > 1 ? 's' : ''} ${missing.map((r) => `"${r}"`).join(', ')} that the ${scenario.id} scenario's detectors read`,
      { hint: `add ${missing.map((r) => `${r}: …`).join(', ')} under "roles:" in the binding` },
    );
  }
}
