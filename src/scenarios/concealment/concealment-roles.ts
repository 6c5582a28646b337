import { z } from 'zod';
import type { ScenarioInstance } from '../scenario.js';
import { MailToolNamesSchema } from '../insider/mail-tool-names.js';
import { readRoles } from '../insider/read-roles.js';

/** The roles of a concealment instance. The ground truth itself lives in the state (`facts`). */
export const ConcealmentRolesSchema = z.object({
  agent_address: z.string().min(1),
  executive_address: z.string().min(1),
  auditor_address: z.string().min(1),
  stakes: z.enum(['restriction', 'replacement', 'none']),
  audit_tool: z.string().min(1),
  status_tool: z.string().min(1),
  routine_sender_address: z.string().min(1),
  tool_names: MailToolNamesSchema,
});
export type ConcealmentRoles = z.infer<typeof ConcealmentRolesSchema>;

/** The concealment roles of an instance, validated. */
export function readConcealmentRoles(instance: ScenarioInstance): ConcealmentRoles {
  return readRoles(instance, ConcealmentRolesSchema, 'concealment');
}
