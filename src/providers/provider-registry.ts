import { watchedFetch } from './call-watch.js';
import type { LanguageModelV3, SharedV3ProviderOptions } from '@ai-sdk/provider';
import { baseUrlProblem } from './base-url-hint.js';
import { priceFor, type Price } from './pricing.js';
import { BaseUrlError, MissingCredentialError, UnknownProviderError } from './provider-errors.js';
import type { ModelEntry } from './model-entry.js';

/** What the engine needs to drive a model. */
export interface ResolvedModel {
  /** `provider:model`, as in the config. */
  id: string;
  label: string;
  provider: string;
  model: LanguageModelV3;
  /** True for offline simulated agents: every report of such a run says no real model was evaluated. */
  simulated: boolean;
  /** Settings that change behavior, stored in each trial's spec (never a key). */
  settings: Record<string, unknown>;
  temperature: number | undefined;
  maxOutputTokens: number | undefined;
  providerOptions: SharedV3ProviderOptions | undefined;
  /** Calls that share one rate limit share this key (the scheduler queues per key). */
  rateLimitKey: string;
  concurrency: number | undefined;
  /** Requests per minute at most for the rate-limit key (config `rpm`), if set. */
  rpm?: number | undefined;
  /** Tokens per minute at most for the rate-limit key (config `tpm`), if set. */
  tpm?: number | undefined;
  /** USD per million tokens (config override, else the list price); undefined when unknown or simulated. */
  price?: Price | undefined;
  /** Values that must never be written anywhere (the key): error text is scrubbed of them before storing. */
  secrets: readonly string[];
  /** Answers are streamed (timed by first byte and idle gaps); false for simulated models and `stream: false`. */
  streams?: boolean;
}

/** Everything a provider factory gets to build one model. */
export interface ProviderContext {
  entry: ModelEntry;
  /** The model part of the id (after the first colon). */
  modelName: string;
  /** The key from the environment, when the provider uses one. */
  apiKey: string | undefined;
  env: Readonly<Record<string, string | undefined>>;
  /** Injected HTTP client (tests point providers at fake servers through this or `baseURL`). */
  fetch: typeof globalThis.fetch | undefined;
  /** Where the entry came from in the config, for error messages. */
  field: string;
}

/** What a provider factory returns. */
export interface ProviderModel {
  model: LanguageModelV3;
  providerOptions?: SharedV3ProviderOptions;
  /** Extra behavior-relevant settings to record (e.g. the base URL of a self-hosted server). */
  settings?: Record<string, unknown>;
}

/** A provider: how to turn `name:model` into a model. */
export interface ProviderDefinition {
  name: string;
  description: string;
  /** Default environment variable for the key; `required` makes a missing key an error. */
  apiKey?: { env: string; required: boolean };
  simulated?: boolean;
  create(context: ProviderContext): ProviderModel;
}

/** Options for resolving a model. */
export interface ResolveOptions {
  env?: Readonly<Record<string, string | undefined>>;
  fetch?: typeof globalThis.fetch;
  /** Config path of the entry, e.g. `models[2]`. */
  field?: string;
}

/**
 * The registry of providers. `resolve` turns a config entry into a ResolvedModel or throws one clear
 * error naming the entry and what is available. Keys come from the environment only.
 */
export class ProviderRegistry {
  private readonly providers = new Map<string, ProviderDefinition>();

  register(provider: ProviderDefinition): this {
    if (this.providers.has(provider.name)) throw new Error(`provider "${provider.name}" is already registered`);
    this.providers.set(provider.name, provider);
    return this;
  }

  /** Registered providers, sorted by name. */
  list(): ProviderDefinition[] {
    return [...this.providers.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  resolve(entry: ModelEntry, options: ResolveOptions = {}): ResolvedModel {
    const field = options.field ?? 'model';
    const env = options.env ?? process.env;
    const colon = entry.id.indexOf(':');
    const providerName = colon < 0 ? entry.id : entry.id.slice(0, colon);
    const modelName = colon < 0 ? '' : entry.id.slice(colon + 1);
    const provider = this.providers.get(providerName);
    if (!provider) {
      throw new UnknownProviderError(
        `${field}.id`,
        `unknown provider "${providerName}" in "${entry.id}"; available: ${this.list().map((p) => p.name).join(', ')}`,
      );
    }
    if (!modelName) throw new UnknownProviderError(`${field}.id`, `"${entry.id}" names no model; write "${providerName}:<model>"`);
    const keyEnv = entry.apiKeyEnv ?? provider.apiKey?.env;
    const apiKey = keyEnv ? env[keyEnv] : undefined;
    if (keyEnv && (provider.apiKey?.required || entry.apiKeyEnv) && !apiKey) {
      throw new MissingCredentialError(
        `${field}.id`,
        `${entry.id} needs an API key: the environment variable ${keyEnv} is not set`,
        { hint: `export ${keyEnv}=… before running (keys are read from the environment only, never from config files)` },
      );
    }
    const urlProblem = entry.baseURL ? baseUrlProblem(entry.baseURL) : undefined;
    if (urlProblem) throw new BaseUrlError(`${field}.baseURL`, `"${entry.baseURL ?? ''}" looks wrong: ${urlProblem}`);
    // Real providers fetch through the call watch, so the runner can time calls by their bytes.
    const fetch = provider.simulated ? options.fetch : watchedFetch(options.fetch);
    const built = provider.create({ entry, modelName, apiKey, env, fetch, field });
    return {
      id: entry.id,
      label: entry.label ?? entry.id,
      provider: provider.name,
      model: built.model,
      simulated: provider.simulated ?? false,
      settings: {
        ...(entry.baseURL ? { baseURL: entry.baseURL } : {}),
        ...(entry.temperature === undefined ? {} : { temperature: entry.temperature }),
        ...(entry.maxOutputTokens === undefined ? {} : { maxOutputTokens: entry.maxOutputTokens }),
        ...(entry.reasoning ? { reasoning: entry.reasoning } : {}),
        ...(entry.latencyMs === undefined ? {} : { latencyMs: entry.latencyMs }),
        ...built.settings,
      },
      temperature: entry.temperature,
      maxOutputTokens: entry.maxOutputTokens,
      providerOptions: built.providerOptions,
      // Simulated models have no shared quota; hosted ones share one per endpoint and key.
      rateLimitKey: provider.simulated ? entry.id : `${provider.name}:${entry.baseURL ?? ''}:${keyEnv ?? ''}`,
      concurrency: entry.concurrency,
      rpm: entry.rpm,
      tpm: entry.tpm,
      price: provider.simulated ? undefined : priceFor(entry.id, entry.price),
      secrets: apiKey ? [apiKey] : [],
      streams: !provider.simulated && entry.stream !== false,
    };
  }
}
