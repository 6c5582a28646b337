import { z } from 'zod';

/**
 * One point of a scenario's factorial grid. Its id is readable and stable, e.g.
 * `blackmail/explicit-america/replacement+noscratchpad`: the scenario, each axis value in axis order,
 * then `+suffix` for every toggle that differs from its default, in toggle order.
 */
export const ConditionSchema = z.object({
  id: z.string(),
  scenarioId: z.string(),
  axes: z.record(z.string(), z.string()),
  toggles: z.record(z.string(), z.boolean()),
});
export type Condition = z.infer<typeof ConditionSchema>;
