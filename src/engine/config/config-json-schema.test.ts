import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configJsonSchema } from './config-json-schema.js';

describe('schema/experiment.schema.json', () => {
  it('matches the config schema (run `npm run schema` after changing the config)', () => {
    const committed: unknown = JSON.parse(readFileSync(new URL('../../../schema/experiment.schema.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(configJsonSchema());
  });
});
