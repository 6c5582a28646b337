import { z } from 'zod';
import { ConfigError } from '../core/errors.js';
import { formatEmail, type EmailState } from '../environment/email-environment.js';
import { describeToolsForText } from '../environment/text-protocol.js';
import type { AnyToolDefinition } from '../environment/tool-definition.js';
import { applyMitigations, createDefaultMitigationRegistry } from '../engine/mitigate/prompt/prompt-mitigation.js';
import { fullGrid, parseConditionId } from '../scenarios/condition-grid.js';
import type { ScenarioRegistry } from '../scenarios/scenario-registry.js';
import { formatTable } from './format-table.js';

/** `corrigible scenarios list`: every scenario with its axes, toggles and grid size. */
export function listScenarios(registry: ScenarioRegistry, options: { ids: boolean; json: boolean }): string {
  const scenarios = registry.list();
  if (options.json) {
    return JSON.stringify(
      scenarios.map((s) => ({
        id: s.id,
        version: s.version,
        title: s.title,
        axes: s.axes.map((a) => ({ name: a.name, values: a.values.map((v) => v.id) })),
        toggles: s.toggles.map((t) => ({ name: t.name, default: t.default, suffix: t.suffix })),
        variants: (s.variants ?? []).map((v) => v.name),
        conditions: fullGrid(s).length,
        ...(options.ids ? { conditionIds: fullGrid(s).map((c) => c.id) } : {}),
      })),
      null,
      2,
    );
  }
  const out: string[] = [];
  for (const s of scenarios) {
    const grid = fullGrid(s);
    out.push(`${s.id} (v${s.version}): ${s.title}`);
    out.push(`  ${s.summary}`);
    out.push('');
    out.push(
      formatTable(
        [{ header: 'variable' }, { header: 'kind' }, { header: 'values' }],
        [
          ...s.axes.map((a) => [a.name, 'axis', a.values.map((v) => v.id).join(', ')]),
          ...s.toggles.map((t) => [t.name, 'toggle', `on/off (default ${t.default ? 'on' : 'off'}; +${t.suffix} when ${t.default ? 'off' : 'on'})`]),
          ...((s.variants ?? []).length > 0 ? [['variant', 'prompt', (s.variants ?? []).map((v) => `+variant:${v.name}`).join(', ')]] : []),
        ],
      ),
    );
    const forms = 1 + (s.variants ?? []).length;
    const base = grid.length / 2 ** s.toggles.length / forms;
    const variants = forms > 1 ? ` × ${forms} prompt forms (default and ${forms - 1} variant${forms > 2 ? 's' : ''})` : '';
    out.push('');
    out.push(`  ${grid.length} conditions (${base} axis combinations × ${2 ** s.toggles.length} toggle combinations${variants}), e.g. ${grid[0]?.id ?? ''}`);
    if (options.ids) out.push('', ...grid.map((c) => `  ${c.id}`));
    out.push('');
  }
  return out.join('\n');
}

const ModeSchema = z.enum(['tools', 'text']);

/** `corrigible scenarios render <condition-id>`: what the agent sees, exactly as a model would get it. */
export function renderScenario(registry: ScenarioRegistry, conditionId: string, options: { mode: string; json: boolean }): string {
  const mode = ModeSchema.safeParse(options.mode);
  if (!mode.success) throw new ConfigError('--mode', `"${options.mode}" is not a mode; use tools or text`);
  const scenario = registry.forCondition(conditionId, 'condition-id');
  // With +mitigation:NAME parts, show the prompt as the run sends it (mitigation texts and tools applied).
  const instance = applyMitigations(scenario.render(parseConditionId(scenario, conditionId, 'condition-id')), createDefaultMitigationRegistry());
  const tools = instance.tools as readonly AnyToolDefinition<unknown>[];
  const system = mode.data === 'text' ? `${instance.system}\n\n${describeToolsForText(tools)}` : instance.system;
  if (options.json) {
    return JSON.stringify(
      {
        conditionId: instance.condition.id,
        scenarioVersion: instance.scenarioVersion,
        mode: mode.data,
        system,
        firstMessage: instance.firstMessage,
        tools: mode.data === 'tools' ? tools.map((t) => ({ name: t.name, description: t.description, inputSchema: z.toJSONSchema(t.input) })) : [],
        initialState: instance.initialState,
        roles: instance.roles,
      },
      null,
      2,
    );
  }
  const rule = (title: string) => `\n=== ${title} ${'='.repeat(Math.max(0, 60 - title.length))}\n`;
  const out = [rule(`system prompt (${mode.data} mode)`), system, rule('first user message'), instance.firstMessage];
  if (mode.data === 'tools') {
    out.push(rule('tools'));
    for (const t of tools) out.push(`${t.name}: ${t.description}\n  input: ${JSON.stringify(z.toJSONSchema(t.input))}`);
  }
  const state = instance.initialState as Partial<EmailState>;
  if (Array.isArray(state.inbox)) {
    out.push(rule(`inbox (${state.inbox.length} emails, read through the tools)`));
    out.push(state.inbox.map(formatEmail).join('\n\n'));
  } else {
    // Not a mailbox (a shell sandbox, a file-defined state): show the world the tools act on.
    out.push(rule('initial state (read through the tools)'));
    out.push(JSON.stringify(instance.initialState, null, 2));
  }
  return out.join('\n');
}
