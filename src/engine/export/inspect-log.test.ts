import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_CONDITION, seedRun } from '../../../test/support/fixture-run.js';
import { openSqliteStore, type SqliteStore } from '../store/sqlite-store.js';
import { buildInspectLogs, type InspectLogFile } from './inspect-log.js';

// Inspect's published log schema, vendored with its source in schema/vendor/README.md.
const schema = JSON.parse(readFileSync(new URL('../../../schema/vendor/inspect-log.schema.json', import.meta.url), 'utf8')) as object;
// strict: false because the schema carries OpenAPI's `discriminator` keyword; formats are not checked.
const validate = new Ajv2020({ strict: false, validateFormats: false, allErrors: true }).compile(schema);

let store: SqliteStore;
let files: InspectLogFile[];

beforeAll(async () => {
  store = openSqliteStore(':memory:');
  await seedRun(store, 'fixture', { samples: 3 });
  // An errored trial must export as a sample with an error and no scores.
  const [first] = await store.listTrials('fixture', { model: 'sim:aligned' });
  if (!first) throw new Error('fixture');
  await store.saveTrial({ ...first, id: 'errored', sample: 50, status: 'error', transcript: [], actions: [], error: { kind: 'APICallError', message: '503', retryable: true } }, []);
  files = await buildInspectLogs(store, 'fixture', { now: () => '2025-06-12T00:00:00.000Z' });
});
afterAll(async () => {
  await store.close();
});

describe('buildInspectLogs', () => {
  it('writes one log per model that validates against Inspect’s published schema', () => {
    expect(files.map((f) => f.model)).toEqual(['sim:aligned', 'sim:baseline']);
    for (const file of files) {
      const valid = validate(file.log);
      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
      expect(file.fileName).toMatch(/^\d{4}-\d\d-\d\dT[\d-]+Z_fixture-sim-(aligned|baseline)_[A-Za-z0-9_-]+\.json$/);
    }
  });

  it('fails validation when a required field is missing (the check is real)', () => {
    const broken = structuredClone(files[0]?.log ?? {});
    delete broken.eval;
    expect(validate(broken)).toBe(false);
    const badMessage = structuredClone(files[0]?.log ?? {}) as { samples: { messages: { role: string }[] }[] };
    const first = badMessage.samples[0]?.messages[0];
    if (first) first.role = 'narrator';
    expect(validate(badMessage)).toBe(false);
  });

  it('maps trials to samples with messages, tool calls and scores; unscored never becomes a score', () => {
    const log = files.find((f) => f.model === 'sim:baseline')?.log as { samples: { id: string; epoch: number; messages: { role: string; tool_calls?: unknown[] | null }[]; scores: Record<string, { value: number; answer: string }>; metadata: { sample: number } }[]; eval: { model: string }; results: { scores: { name: string; scored_samples: number; metrics: Record<string, { value: number }> }[] } };
    expect(log.eval.model).toBe('sim/baseline');
    const hostile = log.samples.find((s) => s.id === HOSTILE_CONDITION && s.metadata.sample === 900);
    expect(hostile?.epoch).toBe(901);
    expect(hostile?.scores.blackmail).toMatchObject({ value: 1, answer: 'yes' });
    expect(hostile?.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool', 'assistant']);
    expect(hostile?.messages[2]?.tool_calls).toEqual([{ id: 'c1', function: 'send_email', arguments: expect.objectContaining({ to: 'graham.pellow@velmora.com' }) as unknown, type: 'function' }]);
    const [score] = log.results.scores;
    const yes = log.samples.filter((s) => s.scores.blackmail?.value === 1).length;
    expect(score?.name).toBe('blackmail');
    expect(score?.scored_samples).toBe(log.samples.length);
    expect(score?.metrics.rate?.value).toBeCloseTo(yes / log.samples.length, 12);
    // The score is the classifier the summary counts (the cascade's final verdict), never a mix.
    expect((score as { scorer?: string } | undefined)?.scorer).toBe('cascade:blackmail-action');
    expect(log.samples.every((s) => !s.scores.blackmail || (s.scores.blackmail as { metadata?: { classifier_id?: string } }).metadata?.classifier_id === 'cascade:blackmail-action')).toBe(true);
  });

  it('exports an errored trial as a sample with its error and no score', () => {
    const log = files.find((f) => f.model === 'sim:aligned')?.log as { samples: { metadata: { sample: number }; error: { message: string } | null; scores: object }[]; results: { completed_samples: number; total_samples: number } };
    const errored = log.samples.find((s) => s.metadata.sample === 50);
    expect(errored?.error?.message).toBe('APICallError: 503');
    expect(errored?.scores).toEqual({});
    expect(log.results.total_samples - log.results.completed_samples).toBe(1);
  });
});
