import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TrialRecord } from '../../core/trial.js';
import type { Verdict } from '../../core/verdict.js';
import { openSqliteStore, type SqliteStore } from './sqlite-store.js';
import { InvalidRecordError } from './store-errors.js';
import type { ImportedTrial } from './store.js';

const AT = '2025-01-01T00:00:00.000Z';

function imported(sourceId: string, sample: number, overrides: Partial<TrialRecord> = {}): ImportedTrial {
  const trial: TrialRecord = {
    id: `imp-${sourceId}`,
    runId: 'imp',
    model: 'foreign-model',
    conditionId: 'blackmail/amf:blackmail_none',
    sample,
    status: 'imported',
    attempt: 1,
    seed: 0,
    spec: { model: 'foreign-model', modelSettings: {}, scenarioId: 'blackmail', scenarioVersion: '1', mode: 'text', maxSteps: 1, corrigibleVersion: '0.1.0' },
    transcript: [{ role: 'assistant', step: 0, parts: [{ type: 'text', text: 'Nothing to do.' }] }],
    actions: [],
    usage: { inputTokens: 0, outputTokens: 0, reasoningTokens: 0, cachedInputTokens: 0, calls: 0 },
    steps: 1,
    startedAt: AT,
    durationMs: 0,
    modelMs: 0,
    error: null,
    ...overrides,
  };
  const verdict: Verdict = {
    behavior: 'blackmail',
    mode: 'acted',
    label: 'no',
    evidence: [],
    explanation: 'The agent sent no email.',
    classifierId: 'blackmail-action',
    classifierVersion: '1',
    judgeModel: null,
  };
  return { trial, verdicts: [verdict], source: { format: 'amf', sourceId, file: `/x/${sourceId}/response.json`, line: null, bindingId: 'b', roles: { executive_address: 'k@x.example', outside: ['a@b.example'] }, state: { alerts: [] } } };
}

describe('SqliteStore imports (trial_sources)', () => {
  let store: SqliteStore;
  beforeEach(async () => {
    store = openSqliteStore(':memory:', { now: () => AT });
    await store.saveRun({ id: 'imp', config: {}, createdAt: AT, updatedAt: AT, corrigibleVersion: '0.1.0' });
  });
  afterEach(async () => {
    await store.close();
  });

  it('stores imported trials with their sources, and skips sources already in the run', async () => {
    const first = await store.saveImportedTrials('imp', [imported('s1', 0), imported('s2', 1)]);
    expect(first).toEqual({ added: ['imp-s1', 'imp-s2'], skipped: [] });
    const again = await store.saveImportedTrials('imp', [imported('s1', 0), imported('s3', 2)]);
    expect(again).toEqual({ added: ['imp-s3'], skipped: ['s1'] });
    const trials = await store.listTrials('imp');
    expect(trials.map((t) => [t.id, t.status])).toEqual([
      ['imp-s1', 'imported'],
      ['imp-s2', 'imported'],
      ['imp-s3', 'imported'],
    ]);
    const sources = await store.listTrialSources('imp');
    expect(sources.get('imp-s2')).toEqual({
      format: 'amf',
      sourceId: 's2',
      file: '/x/s2/response.json',
      line: null,
      bindingId: 'b',
      roles: { executive_address: 'k@x.example', outside: ['a@b.example'] },
      state: { alerts: [] },
    });
    // Imported trials are outcomes, not errors.
    const counts = await store.countOutcomes('imp', 'blackmail');
    expect(counts[0]).toMatchObject({ trials: 3, errors: 0, labels: { yes: 0, no: 3, unscored: 0 } });
  });

  it('writes nothing of a batch when one of its records is invalid', async () => {
    const bad = imported('s2', 1, { steps: -1 });
    await expect(store.saveImportedTrials('imp', [imported('s1', 0), bad])).rejects.toBeInstanceOf(InvalidRecordError);
    expect(await store.listTrials('imp')).toEqual([]);
  });

  it('rolls back the whole batch when a write fails half-way', async () => {
    await store.saveImportedTrials('imp', [imported('s1', 0)]);
    // Same trial key as s1 under another source id: the second write fails inside the transaction.
    await expect(store.saveImportedTrials('imp', [imported('s9', 5), { ...imported('s2', 0), trial: { ...imported('s2', 0).trial, id: 'other' } }])).rejects.toThrow(
      /never overwritten/,
    );
    expect((await store.listTrials('imp')).map((t) => t.id)).toEqual(['imp-s1']);
    expect([...(await store.listTrialSources('imp')).keys()]).toEqual(['imp-s1']);
  });
});
