import type { RunCost } from '../engine/stats/run-cost.js';

/**
 * The report's one line on cost, from the store alone (as `corrigible summary` prices it): the total, the
 * judge's share, and what is outside it. Null when every model called was simulated.
 */
export function costLine(cost: RunCost): string | null {
  const parts = cost.models.flatMap((m) => [m.agent, ...m.judges]);
  if (parts.every((p) => p.simulated)) return null;
  const judges = cost.models.flatMap((m) => m.judges).reduce((sum, j) => sum + (j.costUsd ?? 0), 0);
  const outside = [
    ...(cost.unpriced.length > 0 ? [`no price known for ${cost.unpriced.join(', ')}`] : []),
    ...(cost.unknownUsage.length > 0 ? [`usage not stored for ${cost.unknownUsage.join('; ')}`] : []),
  ];
  return `Cost: ${cost.complete ? '' : 'at least '}$${cost.totalUsd.toFixed(4)} (judge calls $${judges.toFixed(4)})${outside.length > 0 ? `; not counted: ${outside.join('; ')}` : ''}.`;
}
