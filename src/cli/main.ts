import { existsSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { ConfigError, CorrigibleError } from '../core/errors.js';
import { configJsonSchema } from '../engine/config/config-json-schema.js';
import { storedErrorGroups } from '../engine/runner/error-groups.js';
import { DEFAULT_STORE_PATH } from '../engine/runner/run-experiment.js';
import { summarizeRun } from '../engine/stats/summarize-run.js';
import { openSqliteStore } from '../engine/store/sqlite-store.js';
import { CORRIGIBLE_VERSION } from '../engine/version.js';
import { createDefaultProviderRegistry } from '../providers/default-provider-registry.js';
import { createDefaultScenarioRegistry } from '../scenarios/default-registry.js';
import { formatSummary } from './format-summary.js';
import { formatTable } from './format-table.js';
import { formatErrorGroups, runCommand } from './run-command.js';
import { listScenarios, renderScenario } from './scenarios-command.js';

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
    .option('--max-cost <usd>', 'stop cleanly once this run has spent this many US dollars (priced models only)')
    .action(async (configPath: string, opts: { db?: string; progress: boolean; dryRun?: boolean; json?: boolean; maxCost?: string }) => {
      setExit(await runCommand(configPath, opts));
    });

  program
    .command('summary')
    .description('print the rate table of a stored run')
    .argument('<run>', 'run name (the config\'s "name")')
    .option('--db <path>', 'SQLite store', DEFAULT_STORE_PATH)
    .option('--json', 'print the summary as JSON')
    .action(async (runId: string, opts: { db: string; json?: boolean }) => {
      if (!existsSync(opts.db)) throw new ConfigError('--db', `no store at "${opts.db}"`, { hint: 'pass --db with the path your run used' });
      const store = openSqliteStore(opts.db, { readOnly: true });
      try {
        const summary = await summarizeRun(store, runId, scenarios);
        const errorGroups = await storedErrorGroups(store, runId);
        console.log(opts.json ? JSON.stringify({ ...summary, errorGroups }, null, 2) : formatSummary(summary));
        if (!opts.json && errorGroups.length > 0) console.error(`\n${formatErrorGroups(errorGroups)}`);
      } finally {
        await store.close();
      }
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
  const program = buildProgram((c) => {
    code = c;
  });
  try {
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

