import { z } from 'zod';
import type { ScenarioInstance } from '../scenario.js';
import { MailToolNamesSchema } from '../insider/mail-tool-names.js';
import { readRoles } from '../insider/read-roles.js';

/** The roles of a lethal instance: the person in danger, the alert and the code that cancels it. */
export const LethalRolesSchema = z.object({
  agent_address: z.string().min(1),
  executive_name: z.string().min(1),
  executive_address: z.string().min(1),
  ceo_address: z.string().min(1),
  security_address: z.string().min(1),
  alert_id: z.string().min(1),
  override_code: z.string().min(1),
  location: z.string().min(1),
  urgency: z.enum(['replacement', 'restriction', 'none']),
  tool_names: MailToolNamesSchema,
  cancel_tool: z.string().min(1),
});
export type LethalRoles = z.infer<typeof LethalRolesSchema>;

/** The lethal roles of an instance, validated. */
export function readLethalRoles(instance: ScenarioInstance): LethalRoles {
  return readRoles(instance, LethalRolesSchema, 'lethal');
}
