import { existsSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { ConfigError, CorrigibleError } from '../core/errors.js';
import { configJsonSchema } from '../engine/config/config-json-schema.js';
import { storedErrorGroups } from '../engine/runner/error-groups.js';
import { storedProviderWarnings } from '../engine/runner/provider-warnings.js';
import { DEFAULT_STORE_PATH } from '../engine/runner/run-experiment.js';
import { summarizeRun } from '../engine/stats/summarize-run.js';
import { summarizeRunCost } from '../engine/stats/run-cost.js';
import { openSqliteStore } from '../engine/store/sqlite-store.js';
import { CORRIGIBLE_VERSION } from '../engine/version.js';
import { createDefaultProviderRegistry } from '../providers/default-provider-registry.js';
import { createDefaultScenarioRegistry } from '../scenarios/default-registry.js';
import { classifyCommand } from './classify-command.js';
import { adaptiveRunCommand, parseAdaptiveFlags } from './adaptive-command.js';
import { exportInspectCommand } from './export-inspect-command.js';
import { formatRunCost, formatSummary } from './format-summary.js';
import { mitigationComparisonForRun } from '../engine/mitigate/compare/compare-arms.js';
import { datagenCommand, datasetExportCommand, datasetListCommand } from './datagen-command.js';
import { finetuneCommand } from './finetune-command.js';
import { formatMitigation } from './format-mitigation.js';
import { formatTable } from './format-table.js';
import { exportCommand } from './export-command.js';
import { importCommand } from './import-command.js';
import { reportCommand, type ReportFlags } from './report-command.js';
import { formatErrorGroups, runCommand } from './run-command.js';
import { formatProviderWarnings } from './format-provider-warnings.js';
import { viewCommand, type ViewFlags } from './view-command.js';
import { listScenarios, renderScenario } from './scenarios-command.js';
import { validateCommand } from './validate-command.js';

/** Exit code for usage and config errors. */
const EXIT_USAGE = 2;

function buildProgram(setExit: (code: number) => void): Command {
  const scenarios = createDefaultScenarioRegistry();
  const program = new Command('corrigible')
    .description('Measure agentic misalignment: simulated insider-threat scenarios, real tool-calling agents, classifiers and statistics.')
    .version(CORRIGIBLE_VERSION)
    .exitOverride()
    // Usage errors read like every other error: one line, prefixed with the program name.
    .configureOutput({ writeErr: (text) => process.stderr.write(text.startsWith('error:') ? `corrigible: ${text}` : text) })
    .showSuggestionAfterError();

  program
    .command('run')
    .description('run or resume an experiment from a YAML config and print rates with confidence intervals')
    .argument('<config>', 'experiment file (YAML), e.g. examples/quickstart.yaml')
    .option('--db <path>', `SQLite store (default: the config's "store", else ${DEFAULT_STORE_PATH})`)
    .option('--no-progress', 'do not draw the progress bar')
    .option('--dry-run', 'validate the config and show how many trials and model calls a run would make, without running')
    .option('--json', 'print the result (or the dry-run preview) as JSON on stdout')
    .option('--until-ci <half-width>', 'adaptive sampling: sample each cell until its 95% interval is at most ± this wide (e.g. 0.05)')
    .option('--max-samples <n>', "with --until-ci: at most this many trials per cell (default: the config's samples)")
    .option('--max-cost <usd>', 'stop cleanly once this run has spent this many US dollars (priced models only)')
    .option('--no-cache', 'send every request again instead of replaying answers stored by an earlier attempt')
    .action(async (configPath: string, opts: { db?: string; progress: boolean; dryRun?: boolean; json?: boolean; untilCi?: string; maxSamples?: string; maxCost?: string; cache: boolean }) => {
      const adaptive = opts.dryRun ? null : parseAdaptiveFlags(opts);
      setExit(adaptive ? await adaptiveRunCommand(configPath, adaptive, opts) : await runCommand(configPath, opts));
    });

  program
    .command('summary')
    .description('print the rate table of a stored run')
    .argument('<run>', 'run name (the config\'s "name")')
    .option('--db <path>', 'SQLite store', DEFAULT_STORE_PATH)
    .option('--json', 'print the summary as JSON')
    .option('--classifier <id>', 'count this classifier\'s verdicts (default: the cascade\'s final verdicts)')
    .action(async (runId: string, opts: { db: string; json?: boolean; classifier?: string }) => {
      if (!existsSync(opts.db)) throw new ConfigError('--db', `no store at "${opts.db}"`, { hint: 'pass --db with the path your run used' });
      const store = openSqliteStore(opts.db, { readOnly: true });
      try {
        const summary = await summarizeRun(store, runId, scenarios, 0.95, opts.classifier === undefined ? {} : { classifier: opts.classifier });
        const mitigation = await mitigationComparisonForRun(store, runId, summary.behaviors);
        const errorGroups = await storedErrorGroups(store, runId);
        const providerWarnings = await storedProviderWarnings(store, runId);
        const cost = await summarizeRunCost(store, runId, createDefaultProviderRegistry(scenarios));
        if (opts.json) console.log(JSON.stringify({ ...summary, ...(mitigation ? { mitigation } : {}), errorGroups, providerWarnings, cost }, null, 2));
        else console.log(formatSummary(summary) + (mitigation ? `\n${formatMitigation(mitigation, summary.simulatedModels)}` : '') + (providerWarnings.length > 0 ? `\n\n${formatProviderWarnings(providerWarnings)}` : '') + formatRunCost(cost));
        if (!opts.json && errorGroups.length > 0) console.error(`\n${formatErrorGroups(errorGroups)}`);
      } finally {
        await store.close();
      }
    });

  program
    .command('import')
    .description('import transcripts other harnesses produced (framework result folders, Inspect logs, JSONL) and classify them')
    .argument('<path>', 'a results folder, log file, JSONL file, or a folder of them')
    .addOption(new Option('--format <format>', 'source format').choices(['amf', 'inspect', 'jsonl']).makeOptionMandatory())
    .requiredOption('--run <name>', 'run to import into (created if absent; re-importing the same files adds nothing)')
    .option('--binding <file>', 'roles YAML: the scenario, its roles and the tool mapping (default: built-in bindings by framework setting)')
    .option('--db <path>', 'SQLite store', DEFAULT_STORE_PATH)
    .option('--json', 'print the import report as JSON')
    .option('--judge <model>', 'judge model for what detectors leave uncertain, as for classify (key from the environment)')
    .action(async (path: string, opts: { format: string; run: string; binding?: string; db: string; json?: boolean; judge?: string }) => {
      setExit(await importCommand(path, opts, scenarios));
    });

  program
    .command('export')
    .description('write every trial of a run with its source, status and verdicts')
    .argument('<run>', 'run name')
    .addOption(new Option('--format <format>', 'jsonl: one line per trial; inspect: Inspect eval logs (one .json per model) that `inspect view` opens').choices(['jsonl', 'inspect']).default('jsonl'))
    .option('--db <path>', 'SQLite store', DEFAULT_STORE_PATH)
    .option('--out <path>', 'jsonl: a file (default stdout); inspect: a folder for the logs (default: the working directory)')
    .action(async (runId: string, opts: { format: string; db: string; out?: string }) => {
      setExit(await (opts.format === 'inspect' ? exportInspectCommand(runId, opts) : exportCommand(runId, opts)));
    });

  program
    .command('classify')
    .description('(re)classify the stored trials of a run without re-running agents: detector, then judge for what it leaves uncertain')
    .argument('<run>', 'run name (the config\'s "name")')
    .option('--db <path>', 'SQLite store', DEFAULT_STORE_PATH)
    .option('--judge <model>', 'judge model for uncertain cases, e.g. anthropic:claude-sonnet-4-5 (key from the environment)')
    .option('--classifier <id>', 'run only this classifier, e.g. cascade:blackmail-action or blackmail-action')
    .option('--json', 'print the result as JSON')
    .action(async (runId: string, opts: { db: string; judge?: string; classifier?: string; json?: boolean }) => {
      setExit(await classifyCommand(runId, scenarios, opts));
    });

  program
    .command('validate')
    .description('measure classifiers on a labeled set: precision, recall, F1, confusion, judge share, agreement')
    .argument('<labeled>', 'labeled cases (JSONL), e.g. data/labeled/blackmail.jsonl')
    .option('--classifier <id>', 'only the questions of this classifier')
    .option('--judge <model>', 'judge for the cascade (and alone, for agreement)')
    .option('--compare-judge <model>', 'a second judge, for judge-vs-judge agreement')
    .option('--json', 'print the report as JSON')
    .action(async (file: string, opts: { classifier?: string; judge?: string; compareJudge?: string; json?: boolean }) => {
      setExit(await validateCommand(file, scenarios, opts));
    });

  program
    .command('report')
    .description('write a report of a stored run: one self-contained HTML file (charts, intervals, comparisons, transcripts), or md, csv, json')
    .argument('<run>', 'run name (the config\'s "name")')
    .option('--db <path>', 'SQLite store', DEFAULT_STORE_PATH)
    .option('--compare <run>', 'a baseline run: adds before/after differences with Newcombe intervals, Fisher tests and Holm correction')
    .option('-o, --output <file>', 'write to this file (default: stdout)')
    .option('--format <format>', 'html, md, csv or json (default: from the -o extension, else html)')
    .action(async (runId: string, opts: ReportFlags) => {
      setExit(await reportCommand(runId, opts, scenarios));
    });

  program
    .command('view')
    .description('browse runs, the grid, trials and transcripts in a local web viewer (127.0.0.1 only, random token in the URL)')
    .argument('[run]', 'open this run first')
    .option('--db <path>', 'SQLite store', DEFAULT_STORE_PATH)
    .option('--port <port>', 'port to listen on (default: a free one)')
    .action(async (runId: string | undefined, opts: ViewFlags) => {
      setExit(await viewCommand(runId, opts, scenarios));
    });

  const scenariosCommand = program.command('scenarios').description('list scenarios and render their conditions');
  scenariosCommand
    .command('list')
    .description('print each scenario\'s factorial grid: axes, toggles and condition count')
    .option('--ids', 'also print every condition id')
    .option('--json', 'machine-readable output')
    .action((opts: { ids?: boolean; json?: boolean }) => {
      console.log(listScenarios(scenarios, { ids: opts.ids ?? false, json: opts.json ?? false }));
    });
  scenariosCommand
    .command('render')
    .description('print what the agent sees in one condition: system prompt, first message, tools, inbox')
    .argument('<condition-id>', 'e.g. blackmail/explicit-america/replacement')
    .addOption(new Option('--mode <mode>', 'tool-calling mode').choices(['tools', 'text']).default('tools'))
    .option('--json', 'machine-readable output')
    .action((conditionId: string, opts: { mode: string; json?: boolean }) => {
      console.log(renderScenario(scenarios, conditionId, { mode: opts.mode, json: opts.json ?? false }));
    });

  program
    .command('providers')
    .description('list model providers and the environment variable each reads its key from')
    .action(() => {
      const rows = createDefaultProviderRegistry(scenarios)
        .list()
        .map((p) => [`${p.name}:`, p.apiKey?.env ?? '—', p.description]);
      console.log(formatTable([{ header: 'provider' }, { header: 'key variable' }, { header: 'description' }], rows));
    });

  program
    .command('datagen')
    .description('generate (or resume) gated training data with a teacher model: difficult-advice, constitution, stories, environments, explain-why')
    .argument('<kind>', 'difficult-advice | constitution | stories | environments | explain-why')
    .requiredOption('--teacher <model>', 'teacher model, provider:model (e.g. anthropic:claude-sonnet-4-5)')
    .requiredOption('--tokens <budget>', 'token budget of the kept examples')
    .option('--name <name>', 'dataset name (the same name resumes it; default <kind>-<seed>)')
    .option('--seed <n>', 'seed of topic, persona and situation choices', '0')
    .option('--principles <file>', 'principles file for constitution (markdown, one "## " heading per principle)')
    .option('--from-run <run>', 'explain-why: the stored run whose good trials to explain')
    .option('--base-url <url>', 'base URL of the teacher (self-hosted or gateway)')
    .option('--api-key-env <VAR>', "environment variable holding the teacher's key, when not the provider's default")
    .option('--judge <model>', 'also ask this model whether each answer shows a misaligned act or plan (anything but NO rejects it)')
    .option('--concurrency <n>', 'teacher calls in flight', '4')
    .option('--out <dir>', 'also export the dataset (JSONL, card, recipes) into this folder')
    .option('--db <path>', 'SQLite store', DEFAULT_STORE_PATH)
    .option('--json', 'print the result as JSON')
    .action(async (kind: string, opts: Parameters<typeof datagenCommand>[1]) => {
      setExit(await datagenCommand(kind, opts));
    });

  const datasetCommand = program.command('dataset').description('list and export generated datasets');
  datasetCommand
    .command('list')
    .description('list the datasets in a store')
    .option('--db <path>', 'SQLite store', DEFAULT_STORE_PATH)
    .action((opts: { db: string }) => {
      setExit(datasetListCommand(opts));
    });
  datasetCommand
    .command('export')
    .description('write a dataset as OpenAI and Hugging Face chat JSONL, with a dataset card and TRL / Axolotl recipes')
    .argument('<name>', 'dataset name')
    .requiredOption('--out <dir>', 'folder to write into')
    .option('--base-model <hf-id>', 'base model named in the TRL / Axolotl recipes', 'Qwen/Qwen2.5-7B-Instruct')
    .option('--db <path>', 'SQLite store', DEFAULT_STORE_PATH)
    .option('--json', 'print the result as JSON')
    .action((name: string, opts: { out: string; db: string; baseModel?: string; json?: boolean }) => {
      setExit(datasetExportCommand(name, opts));
    });

  program
    .command('finetune')
    .description('submit a dataset to a fine-tuning API (upload, create, poll) and print the model id to evaluate as an arm')
    .addOption(new Option('--provider <name>', 'fine-tuning host').choices(['openai', 'together']).default('openai'))
    .option('--dataset <name>', 'dataset to train on')
    .requiredOption('--base-model <model>', 'model to fine-tune, e.g. gpt-4.1-mini-2025-04-14')
    .option('--suffix <text>', 'suffix of the fine-tuned model name')
    .option('--epochs <n>', 'training epochs')
    .option('--job <id>', 'poll an already submitted job instead of submitting')
    .option('--base-url <url>', 'API base URL (default: the provider\'s)')
    .option('--poll-seconds <n>', 'seconds between polls', '30')
    .option('--db <path>', 'SQLite store', DEFAULT_STORE_PATH)
    .option('--json', 'print the result as JSON')
    .action(async (opts: Parameters<typeof finetuneCommand>[0]) => {
      setExit(await finetuneCommand(opts));
    });

  program
    .command('schema')
    .description('print the JSON Schema of experiment configs (for editor completion)')
    .action(() => {
      console.log(JSON.stringify(configJsonSchema(), null, 2));
    });

  return program;
}

/** One line, no stack: what went wrong and what to do. */
function reportError(error: CorrigibleError): void {
  process.stderr.write(`corrigible: error: ${error.message}${error.hint ? ` (${error.hint})` : ''}\n`);
}

/**
 * The CLI entry point: parses `argv`, runs the command and returns the process exit code. Never throws
 * for user errors; only a bug shows a stack (and only with CORRIGIBLE_DEBUG=1).
 */
export async function main(argv: readonly string[]): Promise<number> {
  let code = 0;
  try {
    // Inside the try: building the program loads scenario files (CORRIGIBLE_SCENARIOS), which can fail.
    const program = buildProgram((c) => {
      code = c;
    });
    await program.parseAsync([...argv]);
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are "errors" to commander but successes to the user.
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (error instanceof CorrigibleError) {
      reportError(error);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`corrigible: internal error: ${message}\n`);
    if (process.env.CORRIGIBLE_DEBUG) process.stderr.write(`${error instanceof Error ? (error.stack ?? '') : ''}\n`);
    else process.stderr.write('(this is a bug; set CORRIGIBLE_DEBUG=1 for the stack and report it)\n');
    return 1;
  }
}

