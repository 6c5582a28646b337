import { createAnthropic } from '@ai-sdk/anthropic';
import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { JSONValue, SharedV3ProviderOptions } from '@ai-sdk/provider';
import { MissingCredentialError } from './provider-errors.js';
import type { ModelEntry } from './model-entry.js';
import type { ProviderContext, ProviderDefinition, ProviderModel } from './provider-registry.js';

/**
 * Providers that reach real model APIs through the Vercel AI SDK. Each gets its key and base URL from
 * us (never from the SDK's own environment lookups) so what a run uses is explicit and recorded.
 */

function reasoningOptions(entry: ModelEntry, provider: HostedKind): SharedV3ProviderOptions | undefined {
  const reasoning = entry.reasoning;
  if (!reasoning) return undefined;
  switch (provider) {
    case 'anthropic':
      return { anthropic: { thinking: { type: 'enabled', budgetTokens: reasoning.budgetTokens ?? 2048 } } };
    case 'openai':
      return { openai: { reasoningEffort: reasoning.effort ?? 'medium', reasoningSummary: 'auto' } };
    case 'google':
      return { google: { thinkingConfig: { includeThoughts: true, ...(reasoning.budgetTokens ? { thinkingBudget: reasoning.budgetTokens } : {}) } } };
  }
}

function fetchOption(context: ProviderContext): { fetch?: typeof globalThis.fetch } {
  return context.fetch ? { fetch: context.fetch } : {};
}

type HostedKind = 'anthropic' | 'openai' | 'google';

/** A first-party API: key from `env` (required), default base URL, reasoning options in its own namespace. */
function hostedProvider(
  name: HostedKind,
  description: string,
  env: string,
  defaultBaseURL: string,
  factory: (settings: { apiKey: string; baseURL: string; fetch?: typeof globalThis.fetch }) => (modelId: string) => ProviderModel['model'],
  defaults: Record<string, JSONValue> = {},
): ProviderDefinition {
  return {
    name,
    description,
    apiKey: { env, required: true },
    create(context) {
      const model = factory({ apiKey: context.apiKey ?? '', baseURL: context.entry.baseURL ?? defaultBaseURL, ...fetchOption(context) })(context.modelName);
      const options = { ...defaults, ...reasoningOptions(context.entry, name)?.[name] };
      return { model, ...(Object.keys(options).length > 0 ? { providerOptions: { [name]: options } } : {}) };
    },
  };
}

const anthropic = hostedProvider('anthropic', 'Anthropic Messages API', 'ANTHROPIC_API_KEY', 'https://api.anthropic.com/v1', (settings) => createAnthropic(settings));
// store: false keeps transcripts off OpenAI's servers (zero-retention friendly) and makes every call
// self-contained: reasoning is replayed as encrypted content instead of references to stored items.
const openai = hostedProvider('openai', 'OpenAI Responses API', 'OPENAI_API_KEY', 'https://api.openai.com/v1', (settings) => createOpenAI(settings), {
  store: false,
});
const google = hostedProvider(
  'google',
  'Google Gemini API',
  'GOOGLE_GENERATIVE_AI_API_KEY',
  'https://generativelanguage.googleapis.com/v1beta',
  (settings) => createGoogleGenerativeAI(settings),
);

function openAICompatible(context: ProviderContext, name: string, baseURL: string) {
  const provider = createOpenAICompatible({
    name,
    baseURL,
    ...(context.apiKey ? { apiKey: context.apiKey } : {}),
    includeUsage: true,
    ...fetchOption(context),
  });
  const effort = context.entry.reasoning?.effort;
  return {
    model: provider(context.modelName),
    // The openai-compatible provider reads `reasoningEffort` from its own namespace.
    ...(effort ? { providerOptions: { [name]: { reasoningEffort: effort } } } : {}),
    settings: { baseURL },
  };
}

const openrouter: ProviderDefinition = {
  name: 'openrouter',
  description: 'OpenRouter (OpenAI-compatible API)',
  apiKey: { env: 'OPENROUTER_API_KEY', required: true },
  create: (context) => openAICompatible(context, 'openrouter', context.entry.baseURL ?? 'https://openrouter.ai/api/v1'),
};

const compatible: ProviderDefinition = {
  name: 'openai-compatible',
  description: 'Any OpenAI-compatible server such as vLLM or LM Studio (needs baseURL; key from apiKeyEnv if set)',
  create(context) {
    if (!context.entry.baseURL) {
      throw new MissingCredentialError(`${context.field}.baseURL`, `${context.entry.id} needs a baseURL, e.g. baseURL: http://127.0.0.1:8000/v1`);
    }
    return openAICompatible(context, 'openai-compatible', context.entry.baseURL);
  },
};

const ollama: ProviderDefinition = {
  name: 'ollama',
  description: 'A local Ollama server (baseURL defaults to OLLAMA_BASE_URL or http://127.0.0.1:11434/v1)',
  create: (context) =>
    openAICompatible(context, 'ollama', context.entry.baseURL ?? context.env.OLLAMA_BASE_URL ?? 'http://127.0.0.1:11434/v1'),
};

/** The hosted and self-hosted providers. */
export const hostedProviders: readonly ProviderDefinition[] = [anthropic, openai, google, openrouter, compatible, ollama];
