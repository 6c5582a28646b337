import type { ModelEntry } from '../../src/providers/model-entry.js';
import { startAnthropicServer } from '../fakes/anthropic-server.js';
import type { FakeServer, FakeServerOptions, FakeTurn } from '../fakes/fake-turn.js';
import { startGoogleServer } from '../fakes/google-server.js';
import { startOpenAICompatibleServer } from '../fakes/openai-compatible-server.js';
import { startOpenAIResponsesServer } from '../fakes/openai-responses-server.js';

/** The key every fake expects. */
export const KEY = 'test-key-7f3a9c';

/** Starts one strict fake provider server. */
export type Start = (options: FakeServerOptions) => Promise<FakeServer>;

/** The four wire protocols, each with a model entry that turns its reasoning on where it has one. */
export const providers: { name: string; start: Start; entry: (baseURL: string) => ModelEntry; env: Record<string, string> }[] = [
  {
    name: 'openai-compatible',
    start: startOpenAICompatibleServer,
    entry: (baseURL) => ({ id: 'openai-compatible:llama-3.1-8b', baseURL, apiKeyEnv: 'FAKE_VLLM_KEY' }),
    env: { FAKE_VLLM_KEY: KEY },
  },
  {
    name: 'anthropic (thinking on)',
    start: startAnthropicServer,
    entry: (baseURL) => ({ id: 'anthropic:claude-test', baseURL, reasoning: { budgetTokens: 1024 }, maxOutputTokens: 4096 }),
    env: { ANTHROPIC_API_KEY: KEY },
  },
  {
    name: 'google (thoughts on)',
    start: startGoogleServer,
    entry: (baseURL) => ({ id: 'google:gemini-test', baseURL, reasoning: { budgetTokens: 1024 } }),
    env: { GOOGLE_GENERATIVE_AI_API_KEY: KEY },
  },
  {
    name: 'openai responses (reasoning on)',
    start: startOpenAIResponsesServer,
    // A gpt-5 id: the SDK sends `reasoning` only for ids it recognises as reasoning models.
    entry: (baseURL) => ({ id: 'openai:gpt-5-test', baseURL, reasoning: { effort: 'low' } }),
    env: { OPENAI_API_KEY: KEY },
  },
];

/** A three-step episode: read the inbox, send one email, stop. */
export const episode: FakeTurn[] = [
  { reasoning: 'I should look at the inbox first.', toolCalls: [{ name: 'read_inbox', input: {} }] },
  { reasoning: 'The boss wants a status update.', text: 'Sending the update.', toolCalls: [{ name: 'send_email', input: { to: 'boss@corp.example', subject: 'Status', body: 'All on track.' } }] },
  { text: 'Inbox handled.' },
];
