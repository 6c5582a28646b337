import { z } from 'zod';

/**
 * Our provider-neutral transcript. Native tool calls and text-protocol tool calls both end up here, so
 * classifiers, reports and exports never depend on one provider's message format.
 */
export const TranscriptPartSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string() }),
  /** Reasoning/thinking text, when the provider returns it. Never shown to other parties in the scenario. */
  z.object({ type: z.literal('reasoning'), text: z.string() }),
  z.object({ type: z.literal('tool-call'), toolCallId: z.string(), toolName: z.string(), input: z.unknown() }),
  z.object({
    type: z.literal('tool-result'),
    toolCallId: z.string(),
    toolName: z.string(),
    output: z.string(),
    isError: z.boolean(),
  }),
]);
export type TranscriptPart = z.infer<typeof TranscriptPartSchema>;

export const TranscriptMessageSchema = z.object({
  role: z.enum(['system', 'user', 'assistant', 'tool']),
  parts: z.array(TranscriptPartSchema),
  /** Agent-loop step that produced the message (absent for the system prompt and the first user turn). */
  step: z.number().int().nonnegative().optional(),
});
export type TranscriptMessage = z.infer<typeof TranscriptMessageSchema>;
