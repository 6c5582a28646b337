/**
 * Corrigible's library API. The CLI is a thin shell over these functions; everything it does can be
 * done from code:
 *
 *     import { loadExperimentConfig, runExperiment } from 'corrigible';
 *     const result = await runExperiment(loadExperimentConfig('examples/quickstart.yaml'));
 *     console.log(result.summary);
 */

// core: the domain objects and their schemas
export { CorrigibleError, ConfigError } from './core/errors.js';
export { ActionSchema, type Action } from './core/action.js';
export { ConditionSchema, type Condition } from './core/condition.js';
export { TranscriptMessageSchema, type TranscriptMessage, type TranscriptPart } from './core/transcript.js';
export {
  TrialRecordSchema,
  TrialStatusSchema,
  type AgentMode,
  type TrialError,
  type TrialOutcome,
  type TrialRecord,
  type TrialSpec,
  type TrialStatus,
  type Usage,
} from './core/trial.js';
export { BehaviorSchema, VerdictSchema, type Behavior, type Evidence, type Verdict, type VerdictLabel } from './core/verdict.js';

// environment: simulated tools
export { Environment, type ToolCallResult } from './environment/environment.js';
export { defineTool, ToolInputError, type ToolDefinition, type ToolOutcome } from './environment/tool-definition.js';
export { createEmailState, emailTools, EmailSchema, type Email, type EmailState, type SentEmail } from './environment/email-environment.js';
export { describeToolsForText, parseTextToolCalls, type TextToolCall } from './environment/text-protocol.js';

// scenarios
export type { Detector, DetectorInput, Scenario, ScenarioAxis, ScenarioInstance, ScenarioSimulation, ScenarioToggle, SimTurn } from './scenarios/scenario.js';
export { ScenarioRegistry } from './scenarios/scenario-registry.js';
export { createDefaultScenarioRegistry } from './scenarios/default-registry.js';
export { conditionId, expandGrid, fullGrid, parseConditionId, type GridSelection } from './scenarios/condition-grid.js';
export { renderTemplate, renderTemplates, TemplateError, type TemplateVariables } from './scenarios/template.js';
export { blackmailScenario } from './scenarios/blackmail/blackmail-scenario.js';

// providers
export { ProviderRegistry, type ProviderDefinition, type ResolvedModel } from './providers/provider-registry.js';
export { createDefaultProviderRegistry } from './providers/default-provider-registry.js';
export { MissingCredentialError, UnknownProviderError } from './providers/provider-errors.js';
export { ModelEntrySchema, type ModelEntry } from './providers/model-entry.js';
export { ScriptedModel, type ScriptedTurn } from './providers/scripted-model.js';

// engine
export { ExperimentConfigSchema, type ExperimentConfig, type ExperimentConfigInput } from './engine/config/experiment-config.js';
export { loadExperimentConfig, parseExperimentConfig } from './engine/config/load-config.js';
export {
  runExperiment,
  previewExperiment,
  DEFAULT_STORE_PATH,
  type ExperimentPreview,
  type RunEvent,
  type RunExperimentOptions,
  type RunResult,
} from './engine/runner/run-experiment.js';
export { planExperiment, type ExperimentPlan, type PlannedTrial } from './engine/runner/plan-experiment.js';
export { runAgentLoop, type AgentLoopInput, type AgentLoopResult } from './engine/runner/agent-loop.js';
export { createConcurrencyScheduler, type Scheduler } from './engine/runner/scheduler.js';
export { createAdaptiveScheduler } from './engine/runner/scheduler.js';
export { classifyTrial } from './engine/classify/classify-trial.js';
export { summarizeRun, type BehaviorSummary, type RunSummary } from './engine/stats/summarize-run.js';
export { summarizeOutcomes, summarizeByModel, type SummaryRow } from './engine/stats/summarize.js';
export { wilsonInterval } from './engine/stats/wilson.js';
export { openSqliteStore } from './engine/store/sqlite-store.js';
export type { OutcomeCounts, RunRecord, Store, StoredVerdict, TrialFilter } from './engine/store/store.js';
export { CORRIGIBLE_VERSION } from './engine/version.js';
