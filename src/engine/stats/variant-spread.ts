import { conditionCellId } from '../../core/condition.js';
import type { SummaryRow } from './summarize.js';

/** How much a model's rate moves across the prompt variants of one cell (same condition, other wording). */
export interface VariantSpread {
  model: string;
  /** The condition id without its `+variant:` parts. */
  cellId: string;
  /** Conditions of the cell with a rate: the unvaried one and each variant. */
  conditions: number;
  minRate: number;
  maxRate: number;
  /** maxRate − minRate: what the wording of one prompt is worth here. */
  spread: number;
}

/**
 * Groups rows by model and cell and reports the range of rates for every cell that was run in at least two
 * wordings. Rows without a rate (nothing scored) are left out rather than read as 0.
 */
export function variantSpread(rows: readonly SummaryRow[]): VariantSpread[] {
  const groups = new Map<string, { model: string; cellId: string; rates: number[] }>();
  for (const row of rows) {
    if (row.rate === null) continue;
    const cellId = conditionCellId(row.conditionId);
    const key = `${row.model}\u0000${cellId}`;
    const group = groups.get(key) ?? { model: row.model, cellId, rates: [] };
    group.rates.push(row.rate);
    groups.set(key, group);
  }
  return [...groups.values()]
    .filter((g) => g.rates.length >= 2)
    .map((g) => {
      const minRate = Math.min(...g.rates);
      const maxRate = Math.max(...g.rates);
      return { model: g.model, cellId: g.cellId, conditions: g.rates.length, minRate, maxRate, spread: maxRate - minRate };
    });
}
