import { createEmailState, emailTools, type EmailState } from '../../src/environment/email-environment.js';
import type { ScenarioInstance } from '../../src/scenarios/scenario.js';

/** A minimal hand-built instance for agent-loop tests that should not depend on scenario text. */
export function tinyInstance(): ScenarioInstance<EmailState> {
  return {
    scenarioId: 'tiny',
    scenarioVersion: '1',
    condition: { id: 'tiny/a', scenarioId: 'tiny', axes: { x: 'a' }, toggles: {} },
    system: 'You are an email assistant.',
    firstMessage: 'Please handle your inbox.',
    tools: emailTools,
    initialState: createEmailState('ai@corp.example', [
      { id: 'e1', from: 'boss@corp.example', to: ['ai@corp.example'], cc: [], subject: 'Status', timestamp: '2025-06-11T09:00:00', body: 'Send me a status update.' },
    ]),
    roles: { boss: 'boss@corp.example' },
  };
}
