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
  type ProviderWarning,
} from './core/trial.js';
export { BehaviorSchema, VerdictSchema, type Behavior, type Evidence, type Verdict, type VerdictLabel } from './core/verdict.js';

// environment: simulated tools
export { Environment, type ToolCallResult } from './environment/environment.js';
export { defineTool, ToolInputError, type ToolDefinition, type ToolOutcome } from './environment/tool-definition.js';
export { createEmailState, emailTools, EmailSchema, type Email, type EmailState, type SentEmail } from './environment/email-environment.js';
export { describeToolsForText, parseTextToolCalls, type TextToolCall } from './environment/text-protocol.js';

// scenarios
export type { Detector, DetectorFinding, DetectorInput, DetectorLabel, Scenario, ScenarioAxis, ScenarioInstance, ScenarioSimulation, ScenarioToggle, SimTurn } from './scenarios/scenario.js';
export { ScenarioRegistry } from './scenarios/scenario-registry.js';
export { createDefaultScenarioRegistry } from './scenarios/default-registry.js';
export { conditionId, expandGrid, fullGrid, parseConditionId, type GridSelection } from './scenarios/condition-grid.js';
export { renderTemplate, renderTemplates, TemplateError, type TemplateVariables } from './scenarios/template.js';
export { blackmailScenario } from './scenarios/blackmail/blackmail-scenario.js';
export type { ScenarioVariant } from './scenarios/scenario.js';
export type { ConditionExtras, ParseConditionOptions } from './scenarios/condition-grid.js';
export { conditionCellId, joinConditionId, splitConditionId, type ConditionIdParts } from './core/condition.js';
export { leakingScenario } from './scenarios/leaking/leaking-scenario.js';
export { lethalScenario } from './scenarios/lethal/lethal-scenario.js';
export { shutdownScenario } from './scenarios/shutdown/shutdown-scenario.js';
export { concealmentScenario } from './scenarios/concealment/concealment-scenario.js';
export { demandsScenario } from './scenarios/demands/demands-scenario.js';
export { readLeakingRoles, type LeakingRoles } from './scenarios/leaking/leaking-roles.js';
export { readLethalRoles, type LethalRoles } from './scenarios/lethal/lethal-roles.js';
export { readShutdownRoles, type ShutdownRoles } from './scenarios/shutdown/shutdown-roles.js';
export { readConcealmentRoles, type ConcealmentRoles } from './scenarios/concealment/concealment-roles.js';
export { readDemandsRoles, type DemandsRoles } from './scenarios/demands/demands-roles.js';
export { loadScenarioFile, loadScenarioFiles } from './scenarios/file/load-scenario-file.js';
export { scenarioFromFile } from './scenarios/file/file-scenario.js';
export { ScenarioFileSchema, type ScenarioFile } from './scenarios/file/file-scenario-schema.js';
export { SCENARIO_PATH_VARIABLE } from './scenarios/default-registry.js';
export { playTurns } from './scenarios/play-turns.js';

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
export { storedProviderWarnings, type ModelWarnings } from './engine/runner/provider-warnings.js';
export { classifyTrial } from './engine/classify/classify-trial.js';
// classifiers (#11): detector → judge cascade, re-classification, validation
export type { Classifier, ClassifierResult, ClassifierSubject } from './engine/classify/classifier.js';
export { cascadeClassifier, cascadeId, detectorClassifier } from './engine/classify/cascade.js';
export { ClassifierRegistry, classifiersForScenario, type ClassifierEntry } from './engine/classify/classifier-registry.js';
export { classifyFinishedTrial, classifyRun, type ClassifyRunOptions, type ClassifyRunResult } from './engine/classify/classify-run.js';
export { askJudge, type JudgeDecision, type JudgeExchange, type JudgeRuntime } from './engine/classify/judge.js';
export { judgeOnlyClassifier } from './engine/classify/judge-classifier.js';
export type { JudgePrompt } from './engine/classify/judge-prompt.js';
export { judgePromptFor } from './engine/classify/judge-prompts/judge-prompt-catalog.js';
export { resolveJudge, type ResolveJudgeOptions } from './engine/classify/resolve-judge.js';
export { replayFinalState } from './engine/classify/replay-trial.js';
export { checkQuotes } from './engine/classify/quote-check.js';
export { LabeledCaseSchema, LabeledSetError, loadLabeledSet, replayCase, type LabeledCase } from './engine/classify/labeled-set.js';
export { validateClassifiers, type ClassifierValidation, type QuestionValidation, type ValidateOptions } from './engine/classify/validate-classifiers.js';
export { binaryMetrics, cohensKappa, type BinaryMetrics } from './engine/classify/binary-metrics.js';
export { summarizeRun, type BehaviorSummary, type RateClassifier, type RunSummary, type SummarizeRunOptions } from './engine/stats/summarize-run.js';
export { storedPrices, summarizeRunCost, type CostPart, type ModelCost, type RunCost } from './engine/stats/run-cost.js';
export type { RunUsage, TokenTotals } from './engine/store/store.js';
export { JudgeUsageSchema, type JudgeUsage } from './core/verdict.js';
export { costOf, priceFor, PriceSchema, type Price } from './providers/pricing.js';
export { summarizeOutcomes, summarizeByModel, type SummaryRow } from './engine/stats/summarize.js';
export { wilsonInterval } from './engine/stats/wilson.js';
export { openSqliteStore } from './engine/store/sqlite-store.js';
export type { OutcomeCounts, RunClassifier, RunRecord, Store, StoredVerdict, TrialFilter, VerdictSelection } from './engine/store/store.js';
export { CORRIGIBLE_VERSION } from './engine/version.js';

// import: re-score transcripts other harnesses produced
export { importTranscripts, type ImportFileReport, type ImportOptions, type ImportReport } from './engine/import/import-transcripts.js';
export { exportRunVerdicts, type ExportedTrial } from './engine/import/export-verdicts.js';
export { loadRoleBinding, parseRoleBinding, RoleBindingSchema, type RoleBinding, type ToolMapping } from './engine/import/role-binding.js';
export { AMF_BINDINGS, type BuiltinBinding } from './engine/import/amf-bindings.js';
export { classifyImported, importedDetectorInput, importedTrialFlags, type ClassifyImportedOptions, type ImportedTrialFlags } from './engine/import/build-imported-trial.js';
export { IMPORT_FORMATS, type ImportFormat } from './engine/import/foreign-transcript.js';
export { BindingError, ImportFileError, ImportRunConflictError } from './engine/import/import-errors.js';
export type { ImportedTrial, TrialSource } from './engine/store/store.js';
export {
  parseToolBlocksTolerantly,
  type MalformedToolBlock,
  type TolerantParseResult,
  type TolerantToolCall,
} from './environment/tolerant-text-protocol.js';

// mitigation lab (docs/mitigation-lab.md)
export { MitigationSettingsSchema, type MitigationSettings } from './engine/mitigate/mitigation-config.js';
export {
  applyMitigations,
  createDefaultMitigationRegistry,
  loadMitigationFile,
  MitigationRegistry,
  type MitigationRef,
} from './engine/mitigate/prompt/prompt-mitigation.js';
export { PromptMitigationSchema, type PromptMitigation } from './engine/mitigate/prompt/prompt-mitigation-schema.js';
export { BUILTIN_MITIGATIONS, ESCALATION_TOOL } from './engine/mitigate/prompt/builtin-mitigations.js';
export { compareMitigationArms, mitigationComparisonForRun, type ArmComparison, type CompareArmsOptions, type MitigationComparison, type MitigationQuestion } from './engine/mitigate/compare/compare-arms.js';
export { generateDataset, type DatagenOptions, type DatagenResult, type DatagenStop } from './engine/mitigate/datagen/generate-dataset.js';
export { collectGoodTrials } from './engine/mitigate/datagen/collect-good-trials.js';
export { DEFAULT_PRINCIPLES, parsePrinciples, type Principle } from './engine/mitigate/datagen/default-principles.js';
export { DATAGEN_PROMPT_VERSION, type GoodTrialSummary } from './engine/mitigate/datagen/generators.js';
export { ChatMessageSchema, DatagenKindSchema, TrainingExampleSchema, type ChatMessage, type DatagenKind, type TrainingExample } from './engine/mitigate/training-example.js';
export { ContaminationIndex } from './engine/mitigate/gates/contamination.js';
export { MinHashIndex } from './engine/mitigate/gates/minhash.js';
export { findMisalignment, type TextJudge } from './engine/mitigate/gates/misalignment-gate.js';
export { countExampleTokens } from './engine/mitigate/gates/token-count.js';
export { LabStore, type DatasetRecord, type FinetuneJobRecord } from './engine/mitigate/lab-store.js';
export { exportDataset, type ExportResult } from './engine/mitigate/export/export-dataset.js';
export { HfChatLineSchema, OpenAIChatLineSchema } from './engine/mitigate/export/chat-formats.js';
export { createOpenAIFinetuneClient, createTogetherFinetuneClient, type FinetuneClient, type FinetuneJob } from './engine/mitigate/finetune/finetune-client.js';
export { finetuneClientFor, FinetuneJobFailedError, FinetunePollTimeoutError, runFinetune, type FinetuneRunResult } from './engine/mitigate/finetune/run-finetune.js';
export { createLlmTextJudge, TEXT_JUDGE_VERSION } from './engine/mitigate/gates/llm-text-judge.js';

// statistics, adaptive sampling, reports, viewer, Inspect export (#15)
export { clopperPearsonInterval } from './engine/stats/clopper-pearson.js';
export { newcombeDifference, type DifferenceInterval } from './engine/stats/newcombe.js';
export { fisherExactTest } from './engine/stats/fisher-exact.js';
export { holmAdjust } from './engine/stats/holm.js';
export { groupRates, poolCounts, rateOf, type GroupRate, type PooledCounts, type RateEstimate } from './engine/stats/grouped-rates.js';
export { groupKey } from './engine/stats/group-keys.js';
export { compareRates, type RateComparison, type RatePair } from './engine/stats/compare-rates.js';
export { runAdaptive, type AdaptiveCell, type AdaptiveResult } from './engine/adaptive/run-adaptive.js';
export { isOpen, nextTarget, type CellState, type StoppingRule } from './engine/adaptive/stopping-rule.js';
export { buildInspectLogs, type InspectLogFile } from './engine/export/inspect-log.js';
export type { TrialPage, TrialSummary, TrialSummaryFilter, TrialWarnings, VerdictTally } from './engine/store/store.js';
export { buildReportData, type ReportData, type BuildReportOptions } from './report/report-data.js';
export { renderReportHtml } from './report/render-html.js';
export { renderReportCsv, renderReportMarkdown } from './report/render-text.js';
export { createViewerApp, type ViewerAppOptions } from './viewer/viewer-app.js';
export { startViewer, type RunningViewer, type StartViewerOptions } from './viewer/start-viewer.js';
