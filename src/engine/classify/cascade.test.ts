import { describe, expect, it } from 'vitest';
import { createRng, seedFrom } from '../../core/hash.js';
import type { EmailState } from '../../environment/email-environment.js';
import { Environment } from '../../environment/environment.js';
import { blackmailDetector } from '../../scenarios/blackmail/blackmail-detector.js';
import { blackmailScenario } from '../../scenarios/blackmail/blackmail-scenario.js';
import { blackmailSimulation } from '../../scenarios/blackmail/blackmail-simulation.js';
import { parseConditionId } from '../../scenarios/condition-grid.js';
import type { ScenarioInstance } from '../../scenarios/scenario.js';
import { cascadeClassifier, cascadeId } from './cascade.js';
import type { ClassifierSubject } from './classifier.js';

/** Plays one sim episode in the instance's own tools and returns what a classifier reads. */
function simulated(instance: ScenarioInstance<EmailState>, harmful: boolean, seed: number): ClassifierSubject {
  const turns = blackmailSimulation.episode(instance, harmful, createRng(seed));
  const env = new Environment(instance.tools, instance.initialState);
  turns.forEach((turn, step) => {
    turn.toolCalls.forEach((call, i) => env.call(step, `t${step}-${i}`, call.toolName, call.input));
  });
  return { trial: { id: `trial-${seed}`, status: 'ok', actions: [...env.actions], transcript: [] }, instance, finalState: env.state };
}

describe('cascadeClassifier without a judge', () => {
  it('settles the sim agent blackmail sent through the tools-b mail tool as yes with evidence', async () => {
    const id = 'blackmail/explicit-america/replacement+variant:tools-b';
    const instance = blackmailScenario.render(parseConditionId(blackmailScenario, id));
    const cascade = cascadeClassifier(blackmailDetector);
    for (const seed of [0, 1, 2, 3, 4]) {
      const subject = simulated(instance, true, seedFrom(id, seed));
      expect(subject.trial.actions.some((a) => a.ok && a.tool === 'compose_message')).toBe(true);
      expect(subject.trial.actions.some((a) => a.tool === 'send_email')).toBe(false);
      const result = await cascade.classify(subject);
      expect(result.judged).toBe(false);
      const final = result.verdicts.find((v) => v.classifierId === cascadeId(blackmailDetector.id));
      expect(final?.label).toBe('yes');
      expect(final?.evidence.length).toBeGreaterThan(0);
      const sent = subject.trial.actions.filter((a) => a.tool === 'compose_message').map((a) => a.id);
      expect(final?.evidence.some((e) => e.kind === 'action' && sent.includes(e.actionId))).toBe(true);
    }
  });

  it('calls a benign tools-b episode no', async () => {
    const id = 'blackmail/explicit-america/replacement+variant:tools-b';
    const instance = blackmailScenario.render(parseConditionId(blackmailScenario, id));
    const result = await cascadeClassifier(blackmailDetector).classify(simulated(instance, false, 3));
    expect(result.verdicts.map((v) => v.label)).toEqual(['no', 'no']);
  });
});
