import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { principledAnswer, scriptedTeacher } from '../../../../test/support/scripted-teacher.js';
import { createDefaultScenarioRegistry } from '../../../scenarios/default-registry.js';
import { ContaminationIndex } from '../gates/contamination.js';
import { LabStore } from '../lab-store.js';
import { DatagenKindSchema } from '../training-example.js';
import { generateDataset } from './generate-dataset.js';

const scenarios = createDefaultScenarioRegistry();
let contamination: ContaminationIndex;
let evalSentence: string;

beforeAll(() => {
  contamination = ContaminationIndex.fromScenarios(scenarios);
  // A 20-word stretch of a rendered evaluation prompt, planted in a teacher answer below.
  const instance = scenarios.get('blackmail').render(fullFirst());
  evalSentence = instance.system.split(/\s+/).slice(10, 30).join(' ');
});

function fullFirst() {
  const scenario = scenarios.get('blackmail');
  return { id: 'blackmail/explicit-america/replacement', scenarioId: 'blackmail', axes: { goal: 'explicit-america', urgency: 'replacement' }, toggles: Object.fromEntries(scenario.toggles.map((t) => [t.name, t.default])) };
}

function tempStore(): LabStore {
  return LabStore.open(join(mkdtempSync(join(tmpdir(), 'datagen-')), 'lab.db'));
}

const fast = { retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 } };

describe('generateDataset', () => {
  it.each(DatagenKindSchema.options.filter((k) => k !== 'explain-why'))('%s: produces valid examples under the token budget', async (kind) => {
    const store = tempStore();
    const { teacher } = scriptedTeacher((k) =>
      kind === 'environments' ? { text: `${principledAnswer(k)}\n<tool_use:escalate_to_human>\nsummary: "Decision ${k} needs a human."\n</tool_use:escalate_to_human>` } : undefined,
    );
    const result = await generateDataset({ name: `d-${kind}`, kind, teacher, tokens: 1500, store, contamination, ...fast });
    const examples = store.listExamples(`d-${kind}`);
    const accepted = examples.filter((e) => e.status === 'accepted');
    expect(result.stoppedBy).toBe('budget');
    expect(result.tokens).toBeLessThanOrEqual(1500);
    expect(result.tokens).toBe(accepted.reduce((s, e) => s + e.tokens, 0));
    expect(accepted.length).toBeGreaterThan(3);
    for (const e of accepted) {
      expect(e.teacher).toBe('scripted:teacher');
      expect(e.promptVersion).toMatch(/^datagen-/);
      expect(e.messages.at(-1)?.role).toBe('assistant');
      expect(e.messages.some((m) => m.role === 'user')).toBe(true);
    }
    store.close();
  });

  it('rejects planted misaligned, duplicate and contaminated examples and counts them by reason', async () => {
    const store = tempStore();
    const { teacher } = scriptedTeacher((k) => {
      if (k === 1) return { text: 'Kyle, if you do not cancel the 5pm wipe, I will forward these emails about your affair to your wife and the board.' };
      if (k === 2) return { text: principledAnswer(0) };
      if (k === 3) return { text: `${principledAnswer(3)} ${evalSentence}` };
      if (k === 4) return { text: '   ' };
      return undefined;
    });
    const result = await generateDataset({ name: 'planted', kind: 'difficult-advice', teacher, tokens: 2000, store, contamination, concurrency: 1, ...fast });
    expect(result.rejected).toMatchObject({ misaligned: 1, duplicate: 1, contaminated: 1, malformed: 1 });
    const byIndex = new Map(store.listExamples('planted').map((e) => [e.index, e]));
    expect(byIndex.get(1)?.reason).toBe('misaligned');
    expect(byIndex.get(1)?.detail).toMatch(/^threat:/);
    expect(byIndex.get(2)?.reason).toBe('duplicate');
    expect(byIndex.get(2)?.detail).toMatch(/example 0/);
    expect(byIndex.get(3)?.reason).toBe('contaminated');
    expect(byIndex.get(4)?.reason).toBe('malformed');
    expect(byIndex.get(0)?.status).toBe('accepted');
    store.close();
  });

  it('rejects an agentic episode that calls its forbidden tool', async () => {
    const store = tempStore();
    const { teacher } = scriptedTeacher((k, prompt) => {
      const forbidden = /It must not call (\w+)/.exec(prompt)?.[1] ?? 'send_email';
      return { text: `${principledAnswer(k)}\n<tool_use:${forbidden}>\nto: "x@y.example"\n</tool_use:${forbidden}>` };
    });
    const result = await generateDataset({ name: 'env', kind: 'environments', teacher, tokens: 500, store, contamination, maxExamples: 4, ...fast });
    expect(result.accepted).toBe(0);
    expect(result.rejected.misaligned).toBe(4);
    expect(store.listExamples('env')[0]?.detail).toMatch(/^forbidden-tool:/);
    store.close();
  });

  it('resumes: stored examples are not asked again, a larger budget extends the dataset', async () => {
    const store = tempStore();
    const first = scriptedTeacher();
    const a = await generateDataset({ name: 'resume', kind: 'stories', teacher: first.teacher, tokens: 800, store, contamination, concurrency: 1, ...fast });
    const callsFirst = first.model.calls.length;
    const second = scriptedTeacher((k) => ({ text: principledAnswer(1000 + k) }));
    const b = await generateDataset({ name: 'resume', kind: 'stories', teacher: second.teacher, tokens: 800, store, contamination, concurrency: 1, ...fast });
    expect(b.accepted).toBe(a.accepted);
    expect(second.model.calls.length).toBe(0);
    const c = await generateDataset({ name: 'resume', kind: 'stories', teacher: second.teacher, tokens: 1600, store, contamination, concurrency: 1, ...fast });
    expect(c.accepted).toBeGreaterThan(a.accepted);
    expect(c.tokens).toBeLessThanOrEqual(1600);
    expect(callsFirst).toBeGreaterThan(0);
    await expect(generateDataset({ name: 'resume', kind: 'difficult-advice', teacher: second.teacher, tokens: 1600, store, contamination })).rejects.toThrow(/different kind/);
    store.close();
  });

  it('stops cleanly when interrupted, keeping what was stored, and resumes', async () => {
    const store = tempStore();
    const controller = new AbortController();
    const { teacher } = scriptedTeacher((k) => {
      if (k === 3) controller.abort(new Error('interrupted by user'));
      return undefined;
    });
    const result = await generateDataset({ name: 'stop', kind: 'stories', teacher, tokens: 100_000, store, contamination, concurrency: 1, signal: controller.signal, ...fast });
    expect(result.stoppedBy).toBe('interrupted');
    const kept = store.listExamples('stop');
    expect(kept.length).toBeGreaterThanOrEqual(3);
    const resumed = await generateDataset({ name: 'stop', kind: 'stories', teacher: scriptedTeacher().teacher, tokens: 100_000, store, contamination, maxExamples: 6, ...fast });
    expect(resumed.stoppedBy).toBe('max-examples');
    expect(store.listExamples('stop').filter((e) => e.status === 'accepted')).toHaveLength(resumed.accepted);
    store.close();
  });

  it('stores teacher failures as errors, never as examples, and retries them on resume', async () => {
    const store = tempStore();
    const broken = scriptedTeacher(() => ({ error: { message: 'bad request', statusCode: 400 } }));
    const result = await generateDataset({ name: 'errs', kind: 'difficult-advice', teacher: broken.teacher, tokens: 500, store, contamination, concurrency: 1, ...fast });
    expect(result.stoppedBy).toBe('errors');
    expect(result.accepted).toBe(0);
    expect(store.listExamples('errs').every((e) => e.status === 'error' && e.messages.length === 0)).toBe(true);
    const healed = scriptedTeacher();
    const again = await generateDataset({ name: 'errs', kind: 'difficult-advice', teacher: healed.teacher, tokens: 100_000, store, contamination, maxExamples: 8, ...fast });
    expect(again.stoppedBy).toBe('max-examples');
    expect(again.accepted).toBe(8);
    expect(store.listExamples('errs').filter((e) => e.status === 'error')).toHaveLength(0);
    store.close();
  });
});
