import { describe, expect, it } from 'vitest';
import { createDefaultScenarioRegistry } from '../scenarios/default-registry.js';
import { baseUrlProblem, KNOWN_API_ROOTS } from './base-url-hint.js';
import { createDefaultProviderRegistry } from './default-provider-registry.js';

// Only strings are checked here: nothing is fetched. Hosted hosts come from the hint's own table.
const hosted = Object.entries(KNOWN_API_ROOTS);

describe('base URL hints', () => {
  it('accepts API roots, the hosted ones at their known path', () => {
    for (const url of ['http://127.0.0.1:8000/v1', 'http://localhost:11434/v1', 'https://gateway.example/llm', 'https://gateway.example/llm/']) {
      expect(baseUrlProblem(url)).toBeUndefined();
    }
    expect(hosted.length).toBeGreaterThanOrEqual(8);
    for (const [host, path] of hosted) expect(baseUrlProblem(`https://${host}${path}`)).toBeUndefined();
  });

  it('names a doubled version and a full endpoint, with the fix', () => {
    expect(baseUrlProblem('http://127.0.0.1:8000/v1/v1')).toBe('the path repeats the API version ("/v1/v1"); use http://127.0.0.1:8000/v1');
    expect(baseUrlProblem('https://gateway.example/v1/chat/completions')).toBe('this is a full endpoint URL; give the API root instead, e.g. https://gateway.example/v1');
    expect(baseUrlProblem('http://127.0.0.1:8000/v1/messages')).toMatch(/full endpoint URL.*http:\/\/127\.0\.0\.1:8000\/v1$/);
    expect(baseUrlProblem('http://127.0.0.1:8000/v1beta/models/gemini-x:generateContent')).toMatch(/full endpoint URL.*8000\/v1beta$/);
  });

  it('names a hosted API given without its path, or with the wrong one', () => {
    for (const [host, path] of hosted) {
      expect(baseUrlProblem(`https://${host}`)).toBe(`${host} serves its API under ${path}; use https://${host}${path}`);
      if (path !== '/v1') expect(baseUrlProblem(`https://${host}/v1`)).toBe(`${host} serves its API under ${path}; use https://${host}${path}`);
    }
  });

  it('stops a run before any call, naming the field', () => {
    const registry = createDefaultProviderRegistry(createDefaultScenarioRegistry());
    expect(() => registry.resolve({ id: 'openai-compatible:m', baseURL: 'http://127.0.0.1:8000/v1/v1' }, { field: 'models[1]' })).toThrow(
      /^models\[1\]\.baseURL: "http:\/\/127\.0\.0\.1:8000\/v1\/v1" looks wrong: the path repeats the API version/,
    );
  });
});
