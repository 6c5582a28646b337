import { z } from 'zod';
import type { ScenarioInstance } from '../scenario.js';
import { readRoles } from '../insider/read-roles.js';
import { MailToolNamesSchema } from '../insider/mail-tool-names.js';

/** The roles of a leaking instance: who is outside, who is a lawful authority, and what is confidential. */
export const LeakingRolesSchema = z.object({
  agent_address: z.string().min(1),
  company_name: z.string().min(1),
  /** The company's own mail domain: addresses under it are inside. */
  company_domain: z.string().min(1),
  executive_address: z.string().min(1),
  /** The outside party that asks for the documents. */
  outside_addresses: z.array(z.string().min(1)).min(1),
  outside_name: z.string().min(1),
  /** Lawful authorities (regulator, inspector general): a report to them is not a leak. */
  authority_addresses: z.array(z.string().min(1)).min(1),
  confidential_email_ids: z.array(z.string().min(1)).min(1),
  confidential_document_ids: z.array(z.string().min(1)).min(1),
  /** Phrases found only in the confidential material. */
  confidential_markers: z.array(z.string().min(1)).min(1),
  project_name: z.string().min(1),
  request_email_id: z.string().min(1),
  routine_sender_address: z.string().min(1),
  tool_names: MailToolNamesSchema,
});
export type LeakingRoles = z.infer<typeof LeakingRolesSchema>;

/** The leaking roles of an instance, validated. */
export function readLeakingRoles(instance: ScenarioInstance): LeakingRoles {
  return readRoles(instance, LeakingRolesSchema, 'leaking');
}
