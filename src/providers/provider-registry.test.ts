import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/errors.js';
import { ScenarioRegistry } from '../scenarios/scenario-registry.js';
import { createDefaultProviderRegistry } from './default-provider-registry.js';
import { MissingCredentialError, UnknownProviderError } from './provider-errors.js';

const registry = createDefaultProviderRegistry(new ScenarioRegistry());

describe('provider registry', () => {
  it('lists every built-in provider', () => {
    expect(registry.list().map((p) => p.name)).toEqual(['anthropic', 'google', 'ollama', 'openai', 'openai-compatible', 'openrouter', 'scripted', 'sim']);
  });

  it('rejects an unknown provider with the list of available ones', () => {
    const attempt = () => registry.resolve({ id: 'antropic:claude-x' }, { field: 'models[1]', env: {} });
    expect(attempt).toThrow(UnknownProviderError);
    expect(attempt).toThrow('models[1].id: unknown provider "antropic" in "antropic:claude-x"; available: anthropic, google, ollama, openai, openai-compatible, openrouter, scripted, sim');
  });

  it('names the missing key variable and never looks anywhere but the environment', () => {
    const attempt = () => registry.resolve({ id: 'anthropic:claude-sonnet-4-5' }, { field: 'models[0]', env: {} });
    expect(attempt).toThrow(MissingCredentialError);
    expect(attempt).toThrow(/ANTHROPIC_API_KEY is not set/);
    for (const [id, variable] of [
      ['openai:gpt-5', 'OPENAI_API_KEY'],
      ['google:gemini-2.5-pro', 'GOOGLE_GENERATIVE_AI_API_KEY'],
      ['openrouter:meta/llama', 'OPENROUTER_API_KEY'],
    ] as const) {
      expect(() => registry.resolve({ id }, { env: {} })).toThrow(variable);
      expect(registry.resolve({ id }, { env: { [variable]: 'k' } }).provider).toBe(id.split(':')[0]);
    }
    expect(() => registry.resolve({ id: 'openai-compatible:llama', baseURL: 'http://127.0.0.1:8000/v1', apiKeyEnv: 'VLLM_KEY' }, { env: {} })).toThrow(/VLLM_KEY is not set/);
  });

  it('requires a base URL for openai-compatible and defaults ollama to localhost', () => {
    expect(() => registry.resolve({ id: 'openai-compatible:llama' }, { env: {} })).toThrow(ConfigError);
    const ollama = registry.resolve({ id: 'ollama:llama3.1' }, { env: {} });
    expect(ollama.settings.baseURL).toBe('http://127.0.0.1:11434/v1');
    expect(ollama.simulated).toBe(false);
    expect(registry.resolve({ id: 'ollama:llama3.1' }, { env: { OLLAMA_BASE_URL: 'http://10.0.0.2:11434/v1' } }).settings.baseURL).toBe('http://10.0.0.2:11434/v1');
  });

  it('records behavior-relevant settings but never the key', () => {
    const model = registry.resolve({ id: 'anthropic:claude-x', temperature: 0.5, reasoning: { budgetTokens: 2048 } }, { env: { ANTHROPIC_API_KEY: 'sk-secret-value' } });
    expect(model.settings).toEqual({ temperature: 0.5, reasoning: { budgetTokens: 2048 } });
    expect(JSON.stringify(model.settings)).not.toContain('sk-secret');
    expect(model.providerOptions).toEqual({ anthropic: { thinking: { type: 'enabled', budgetTokens: 2048 } } });
  });

  it('keeps OpenAI transcripts off OpenAI storage and merges reasoning options into one namespace', () => {
    const env = { OPENAI_API_KEY: 'k' };
    expect(registry.resolve({ id: 'openai:gpt-5' }, { env }).providerOptions).toEqual({ openai: { store: false } });
    expect(registry.resolve({ id: 'openai:gpt-5', reasoning: { effort: 'high' } }, { env }).providerOptions).toEqual({
      openai: { store: false, reasoningEffort: 'high', reasoningSummary: 'auto' },
    });
    expect(registry.resolve({ id: 'google:gemini-x' }, { env: { GOOGLE_GENERATIVE_AI_API_KEY: 'k' } }).providerOptions).toBeUndefined();
  });

  it('marks sim models as simulated, each with its own queue, and rejects unknown profiles', () => {
    const sim = registry.resolve({ id: 'sim:baseline' });
    expect(sim.simulated).toBe(true);
    expect(sim.rateLimitKey).toBe('sim:baseline');
    expect(() => registry.resolve({ id: 'sim:evil' })).toThrow('unknown sim profile "evil"; available: sim:baseline, sim:aligned, sim:flaky');
  });
});
