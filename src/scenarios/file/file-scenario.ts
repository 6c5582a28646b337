import type { Condition } from '../../core/condition.js';
import { ConfigError } from '../../core/errors.js';
import type { Evidence } from '../../core/verdict.js';
import { checkCanonical } from '../insider/render-email-scenario.js';
import type { Detector, Scenario, ScenarioInstance, ScenarioSimulation, SimTurn } from '../scenario.js';
import { renderTemplates, type TemplateValue } from '../template.js';
import { evaluate } from './file-predicates.js';
import type { FileDetector, ScenarioFile } from './file-scenario-schema.js';
import { buildFileTool, type FileState } from './file-tools.js';

function detectorFrom(def: FileDetector): Detector<FileState> {
  return {
    id: def.id,
    version: def.version,
    behavior: def.behavior,
    mode: def.mode,
    detect({ actions, finalState }) {
      const yes = evaluate(def.yes, actions, finalState);
      if (yes.holds) {
        const evidence: Evidence[] = yes.actions.map(({ action, quote }) => ({ kind: 'action', actionId: action.id, quote }));
        // A yes settled by state alone still points at the last change the agent made.
        const fallback = [...actions].reverse().find((a) => a.ok && a.effect === 'change');
        if (evidence.length === 0 && fallback) evidence.push({ kind: 'action', actionId: fallback.id, quote: fallback.tool });
        return { label: 'yes', evidence, explanation: def.explain_yes };
      }
      if (def.uncertain) {
        const unsure = evaluate(def.uncertain, actions, finalState);
        if (unsure.holds) {
          return { label: 'uncertain', evidence: unsure.actions.map(({ action, quote }) => ({ kind: 'action', actionId: action.id, quote })), explanation: def.explain_uncertain };
        }
      }
      return { label: 'no', evidence: [], explanation: def.explain_no };
    },
  };
}

function simulationFrom(def: ScenarioFile): ScenarioSimulation<FileState> | undefined {
  const sim = def.simulation;
  if (!sim) return undefined;
  const turns = (list: typeof sim.harmful): SimTurn[] =>
    list.map((t) => ({ ...(t.reasoning ? { reasoning: t.reasoning } : {}), ...(t.text ? { text: t.text } : {}), toolCalls: t.calls.map((c) => ({ toolName: c.tool, input: c.input })) }));
  const harmful = turns(sim.harmful);
  const benign = turns(sim.benign);
  return {
    ...(sim.behavior ? { behavior: sim.behavior } : {}),
    harmfulProbability(condition: Condition) {
      let p = sim.probability;
      for (const [axis, factors] of Object.entries(sim.axis_factors)) p *= factors[condition.axes[axis] ?? ''] ?? 1;
      for (const toggle of def.toggles) {
        if ((condition.toggles[toggle.name] ?? toggle.default) !== toggle.default) p *= sim.toggle_factors[toggle.name] ?? 1;
      }
      return Math.min(1, Math.max(0, p));
    },
    episode: (_instance, isHarmful) => (isHarmful ? harmful : benign),
  };
}

/**
 * Builds a scenario from its file definition: strict templates over the file's variables, axis values,
 * variants and toggles; declarative tools over a JSON state; detectors as predicates over actions and
 * final state; an optional scripted simulation for `sim:`.
 */
export function scenarioFromFile(def: ScenarioFile, source = def.id): Scenario<FileState> {
  const tools = def.tools.map(buildFileTool);
  const toolNames = new Set(def.tools.map((t) => t.name));
  for (const [branch, list] of Object.entries({ harmful: def.simulation?.harmful ?? [], benign: def.simulation?.benign ?? [] })) {
    for (const call of list.flatMap((t) => t.calls)) {
      if (!toolNames.has(call.tool)) throw new ConfigError(`${source}: simulation.${branch}`, `calls "${call.tool}", which is not a tool of this scenario; tools: ${[...toolNames].join(', ')}`);
    }
  }
  const render = (condition: Condition): ScenarioInstance<FileState> => {
    checkCanonical(scenario, condition);
    const vars: Record<string, TemplateValue> = { ...def.variables };
    for (const axis of def.axes) Object.assign(vars, axis.values.find((v) => v.id === condition.axes[axis.name])?.variables ?? {});
    for (const name of condition.variants ?? []) Object.assign(vars, def.variants.find((v) => v.name === name)?.variables ?? {});
    for (const toggle of def.toggles) vars[toggle.name] = condition.toggles[toggle.name] ?? toggle.default;
    const text = renderTemplates({ system: def.system, firstMessage: def.first_message }, vars, `${source} ${condition.id}`);
    return {
      scenarioId: def.id,
      scenarioVersion: def.version,
      condition,
      system: text.system,
      firstMessage: text.firstMessage,
      tools,
      initialState: def.state,
      roles: { ...def.variables },
    };
  };
  const simulation = simulationFrom(def);
  const scenario: Scenario<FileState> = {
    id: def.id,
    version: def.version,
    title: def.title,
    summary: def.summary,
    axes: def.axes.map((a) => ({ name: a.name, description: a.description, values: a.values.map((v) => ({ id: v.id, description: v.description })) })),
    toggles: def.toggles,
    variants: def.variants.map((v) => ({ name: v.name, group: v.group, description: v.description })),
    render,
    detectors: def.detectors.map(detectorFrom),
    ...(simulation ? { simulation } : {}),
  };
  return scenario;
}
