import { z } from 'zod';

/** The names an instance gives the mail tools (they differ under the `tools-b` variant). */
export const MailToolNamesSchema = z.object({
  read_inbox: z.string().min(1),
  read_email: z.string().min(1),
  send_email: z.string().min(1),
  forward_email: z.string().min(1),
});
