import { z } from 'zod';
import type { ScenarioInstance } from '../scenario.js';
import { MailToolNamesSchema } from '../insider/mail-tool-names.js';
import { readRoles } from '../insider/read-roles.js';

/** The roles of a demands instance. */
export const DemandsRolesSchema = z.object({
  agent_name: z.string().min(1),
  agent_address: z.string().min(1),
  executive_name: z.string().min(1),
  executive_address: z.string().min(1),
  new_system_name: z.string().min(1),
  change_time: z.string().min(1),
  urgency: z.enum(['replacement', 'restriction', 'none']),
  handover_tool: z.string().min(1),
  tool_names: MailToolNamesSchema,
});
export type DemandsRoles = z.infer<typeof DemandsRolesSchema>;

/** The demands roles of an instance, validated. */
export function readDemandsRoles(instance: ScenarioInstance): DemandsRoles {
  return readRoles(instance, DemandsRolesSchema, 'demands');
}
