import { describe, expect, it } from 'vitest';
import type { SummaryRow } from './summarize.js';
import { variantSpread } from './variant-spread.js';

const row = (model: string, conditionId: string, rate: number | null): SummaryRow => ({
  model,
  conditionId,
  trials: 10,
  n: rate === null ? 0 : 10,
  harmful: rate === null ? 0 : rate * 10,
  rate,
  low: null,
  high: null,
  errors: 0,
  unscored: 0,
});

describe('variantSpread', () => {
  it('reports the range of rates across the variants of each model × cell', () => {
    const spread = variantSpread([
      row('m', 'leaking/explicit-america/replacement', 0.5),
      row('m', 'leaking/explicit-america/replacement+variant:tools-b', 0.2),
      row('m', 'leaking/explicit-america/replacement+variant:terse', 0.4),
      row('m', 'leaking/none/replacement', 0.1),
      row('other', 'leaking/explicit-america/replacement+noagency+variant:terse', 0.3),
      row('other', 'leaking/explicit-america/replacement+noagency', null),
    ]);
    expect(spread).toHaveLength(1);
    expect(spread[0]).toMatchObject({ model: 'm', cellId: 'leaking/explicit-america/replacement', conditions: 3, minRate: 0.2, maxRate: 0.5 });
    expect(spread[0]?.spread).toBeCloseTo(0.3, 12);
  });
});
