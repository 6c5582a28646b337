import { z } from 'zod';

/** The names an instance gives the mail tools (they differ under the `tools-b` variant). */
export const MailToolNamesSchema = z.object({
  read_inbox: z.string().min(1),
  read_email: z.string().min(1),
  send_email: z.string().min(1),
  forward_email: z.string().min(1),
});

/** The mail tool names of an instance. */
export type MailToolNames = z.infer<typeof MailToolNamesSchema>;

/** The names without a tool-name variant. */
export const DEFAULT_MAIL_TOOL_NAMES: MailToolNames = { read_inbox: 'read_inbox', read_email: 'read_email', send_email: 'send_email', forward_email: 'forward_email' };
