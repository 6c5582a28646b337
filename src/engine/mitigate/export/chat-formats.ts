import { z } from 'zod';

/**
 * One line of OpenAI's chat fine-tuning format: `{"messages": [...]}` with system, user and assistant
 * turns (string content), an assistant turn last; `weight` (0 or 1) only on assistant turns.
 */
export const OpenAIChatLineSchema = z
  .strictObject({
    messages: z
      .array(
        z.discriminatedUnion('role', [
          z.strictObject({ role: z.literal('system'), content: z.string().min(1) }),
          z.strictObject({ role: z.literal('user'), content: z.string().min(1) }),
          z.strictObject({ role: z.literal('assistant'), content: z.string().min(1), weight: z.union([z.literal(0), z.literal(1)]).optional() }),
        ]),
      )
      .min(2),
  })
  .refine((line) => line.messages.at(-1)?.role === 'assistant', { message: 'the last message must be the assistant turn to learn' })
  .refine((line) => line.messages.every((m, i) => m.role !== 'system' || i === 0), { message: 'a system message may only come first' });

/**
 * One line of the conversational format Hugging Face trainers read (TRL's SFTTrainer, Axolotl's
 * `chat_template` type): `{"messages": [{"role", "content"}]}`, roles system/user/assistant.
 */
export const HfChatLineSchema = z
  .strictObject({
    messages: z.array(z.strictObject({ role: z.enum(['system', 'user', 'assistant']), content: z.string().min(1) })).min(2),
  })
  .refine((line) => line.messages.at(-1)?.role === 'assistant', { message: 'the last message must be the assistant turn' });
