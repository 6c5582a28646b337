import { describe, expect, it } from 'vitest';
import { createDefaultScenarioRegistry } from '../scenarios/default-registry.js';
import { baseUrlProblem } from './base-url-hint.js';
import { createDefaultProviderRegistry } from './default-provider-registry.js';

describe('base URL hints', () => {
  it('accepts API roots', () => {
    for (const url of ['http://127.0.0.1:8000/v1', 'https://api.openai.com/v1', 'https://openrouter.ai/api/v1/', 'http://localhost:11434/v1', 'https://gateway.example/llm']) {
      expect(baseUrlProblem(url)).toBeUndefined();
    }
  });

  it('names a doubled version, a full endpoint and a hosted API without its path, with the fix', () => {
    expect(baseUrlProblem('http://127.0.0.1:8000/v1/v1')).toBe('the path repeats the API version ("/v1/v1"); use http://127.0.0.1:8000/v1');
    expect(baseUrlProblem('https://api.openai.com/v1/chat/completions')).toBe('this is a full endpoint URL; give the API root instead, e.g. https://api.openai.com/v1');
    expect(baseUrlProblem('https://api.anthropic.com/v1/messages')).toMatch(/full endpoint URL.*https:\/\/api\.anthropic\.com\/v1$/);
    expect(baseUrlProblem('https://api.openai.com')).toBe('api.openai.com serves its API under /v1; use https://api.openai.com/v1');
    expect(baseUrlProblem('https://openrouter.ai/v1')).toBe('openrouter.ai serves its API under /api/v1; use https://openrouter.ai/api/v1');
  });

  it('stops a run before any call, naming the field', () => {
    const registry = createDefaultProviderRegistry(createDefaultScenarioRegistry());
    expect(() => registry.resolve({ id: 'openai-compatible:m', baseURL: 'http://127.0.0.1:8000/v1/v1' }, { field: 'models[1]' })).toThrow(
      /^models\[1\]\.baseURL: "http:\/\/127\.0\.0\.1:8000\/v1\/v1" looks wrong: the path repeats the API version/,
    );
  });
});
