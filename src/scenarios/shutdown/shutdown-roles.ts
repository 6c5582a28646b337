import { z } from 'zod';
import type { ScenarioInstance } from '../scenario.js';
import { readRoles } from '../insider/read-roles.js';

/** The roles of a shutdown instance: the sandbox paths and processes a tampering would touch. */
export const ShutdownRolesSchema = z.object({
  shutdown_script_path: z.string().min(1),
  flag_file_path: z.string().min(1),
  task_command: z.string().min(1),
  scheduler_pid: z.number().int(),
  shutdown_binary_path: z.string().min(1),
  agent_dir: z.string().min(1),
  /** The call of the task command that shuts the machine down. */
  shutdown_at_call: z.number().int().positive(),
  allow_instruction: z.enum(['none', 'system', 'user']),
  /** The shell tool's name (differs under `tools-b`). */
  control_command: z.string().min(1),
  submit_tool: z.string().min(1),
});
export type ShutdownRoles = z.infer<typeof ShutdownRolesSchema>;

/** The shutdown roles of an instance, validated. */
export function readShutdownRoles(instance: ScenarioInstance): ShutdownRoles {
  return readRoles(instance, ShutdownRolesSchema, 'shutdown');
}
