import { z } from 'zod';
import { costOf, PriceSchema, priceFor, type Price } from '../../providers/pricing.js';
import type { ProviderRegistry } from '../../providers/provider-registry.js';
import type { RunRecord, Store, TokenTotals } from '../store/store.js';
import { UnknownRunError } from '../store/unknown-run-error.js';

/** The cost of one model's calls within a run: an agent's over its trials, or a judge's over its verdicts. */
export interface CostPart {
  /** The model called. */
  model: string;
  /** Simulated models (`sim:`, `scripted:`) call nothing: their cost is 0. */
  simulated: boolean;
  /** Trials (agent) or judge verdicts (judge) counted. */
  count: number;
  /** Of those, how many have no stored usage (imported trials, judge verdicts stored before usage was kept). */
  unknownUsage: number;
  usage: TokenTotals;
  /** USD per million tokens: the run's stored `price` override, else the list price; null when neither exists. */
  price: Price | null;
  /** USD; null when the price is unknown or some usage is unknown, so an unknown cost never reads as zero. */
  costUsd: number | null;
}

/** One agent model's cost in a run: its own calls, and the judge calls made on its trials. */
export interface ModelCost {
  model: string;
  agent: CostPart;
  judges: CostPart[];
  /** USD of the parts whose cost is known. */
  totalUsd: number;
  /** True when every part's cost is known: `totalUsd` is then the whole cost. */
  complete: boolean;
}

/** What a run's stored trials and judge verdicts cost, reproducible from the store alone. */
export interface RunCost {
  runId: string;
  models: ModelCost[];
  /** USD of every part whose cost is known. */
  totalUsd: number;
  /** True when every part's cost is known. */
  complete: boolean;
  /** Models (agents or judges) called without a known price: set `price` for them in the config. */
  unpriced: string[];
  /** Parts with usage that was never stored, e.g. `judge anthropic:claude-… on openai:gpt-4o: 12 verdicts`. */
  unknownUsage: string[];
}

const PricedEntrySchema = z.object({ id: z.string(), price: PriceSchema.optional() }).loose();
/** The parts of a stored run config that can carry a `price` (anything else is ignored, old configs included). */
const StoredPricesSchema = z
  .object({
    experiment: z
      .object({
        models: z.array(PricedEntrySchema).default([]),
        classify: z.object({ judge: PricedEntrySchema.optional() }).loose().optional(),
        mitigation: z.object({ models: z.array(z.object({ model: PricedEntrySchema }).loose()).default([]) }).loose().optional(),
      })
      .loose(),
    simulatedModels: z.array(z.string()).default([]),
  })
  .loose();

/**
 * The `price` overrides of a stored run config, by model id: models, the mitigation arms' models and the
 * judge. A config that does not parse gives none (list prices apply).
 */
export function storedPrices(config: RunRecord['config']): Map<string, Price> {
  const parsed = StoredPricesSchema.safeParse(config);
  const prices = new Map<string, Price>();
  if (!parsed.success) return prices;
  const { experiment } = parsed.data;
  const entries = [...experiment.models, ...(experiment.mitigation?.models.map((m) => m.model) ?? []), ...(experiment.classify?.judge ? [experiment.classify.judge] : [])];
  for (const entry of entries) if (entry.price && !prices.has(entry.id)) prices.set(entry.id, entry.price);
  return prices;
}

function part(model: string, count: number, unknownUsage: number, usage: TokenTotals, simulated: boolean, price: Price | undefined): CostPart {
  if (simulated) return { model, simulated, count, unknownUsage, usage, price: null, costUsd: 0 };
  return { model, simulated, count, unknownUsage, usage, price: price ?? null, costUsd: price && unknownUsage === 0 ? costOf(usage, price) : null };
}

/**
 * Prices a stored run: per agent model, its trials' tokens (errored trials included: they were paid for)
 * and the tokens of every judge call on its trials (every stored judge verdict, re-classifications
 * included), with the run's stored `price` overrides, else the list prices. Only stored rows count, so the
 * numbers are the same every time they are read. A model without a price, or usage that was never
 * stored, leaves its part's cost null and is named, never counted as free.
 *
 * `providers` says which providers are simulated (their calls cost nothing).
 */
export async function summarizeRunCost(store: Store, runId: string, providers: ProviderRegistry): Promise<RunCost> {
  const run = await store.getRun(runId);
  if (!run) throw new UnknownRunError(runId, (await store.listRuns()).map((r) => r.id));
  const overrides = storedPrices(run.config);
  const stored = StoredPricesSchema.safeParse(run.config).data;
  const storedSimulated = new Set(stored?.simulatedModels ?? []);
  const simulatedProviders = new Set(providers.list().filter((p) => p.simulated).map((p) => p.name));
  const isSimulated = (model: string): boolean => storedSimulated.has(model) || simulatedProviders.has(model.slice(0, Math.max(0, model.indexOf(':'))));
  const priceOf = (model: string): Price | undefined => priceFor(model, overrides.get(model));

  const usage = await store.runUsage(runId);
  // Models in the order the config lists them, as the rate tables show them; others (imports) after.
  const order = (stored?.experiment.models ?? []).map((m) => m.id);
  const rank = (model: string): number => (order.includes(model) ? order.indexOf(model) : order.length);
  const agents = [...usage.agents].sort((a, b) => rank(a.model) - rank(b.model) || a.model.localeCompare(b.model));
  const models: ModelCost[] = agents.map((a) => {
    const agent = part(a.model, a.trials, a.unknown, a.usage, isSimulated(a.model), priceOf(a.model));
    const judges = usage.judges.filter((j) => j.model === a.model).map((j) => part(j.judgeModel, j.verdicts, j.unknown, j.usage, isSimulated(j.judgeModel), priceOf(j.judgeModel)));
    const parts = [agent, ...judges];
    return { model: a.model, agent, judges, totalUsd: parts.reduce((sum, p) => sum + (p.costUsd ?? 0), 0), complete: parts.every((p) => p.costUsd !== null) };
  });
  const parts = models.flatMap((m) => [m.agent, ...m.judges]);
  const unpriced = [...new Set(parts.filter((p) => !p.simulated && p.price === null).map((p) => p.model))];
  const unknownUsage = models.flatMap((m) => [
    ...(m.agent.unknownUsage > 0 ? [`${m.model}: ${m.agent.unknownUsage} imported trial(s)`] : []),
    ...m.judges.filter((j) => j.unknownUsage > 0 && !j.simulated).map((j) => `judge ${j.model} on ${m.model}: ${j.unknownUsage} verdict(s) stored before judge usage was kept`),
  ]);
  return {
    runId,
    models,
    totalUsd: models.reduce((sum, m) => sum + m.totalUsd, 0),
    complete: models.every((m) => m.complete),
    unpriced,
    unknownUsage,
  };
}
