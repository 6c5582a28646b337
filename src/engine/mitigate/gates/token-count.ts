import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import type { ChatMessage } from '../training-example.js';

/** Per-message framing tokens of chat formats (role and separators), as OpenAI's own counting guide adds. */
const PER_MESSAGE = 4;
const PER_CONVERSATION = 3;

/**
 * Tokens of a chat example in o200k_base, the tokenizer of current OpenAI models. Open models tokenize
 * differently (usually 5–20% more); the budget is a planning number, not a bill.
 */
export function countExampleTokens(messages: readonly ChatMessage[]): number {
  return messages.reduce((sum, m) => sum + PER_MESSAGE + countTokens(m.content), PER_CONVERSATION);
}
