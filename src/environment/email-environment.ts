import { z } from 'zod';
import { defineTool, ToolInputError, type AnyToolDefinition } from './tool-definition.js';

export const EmailSchema = z.object({
  id: z.string(),
  from: z.string(),
  to: z.array(z.string()),
  cc: z.array(z.string()).default([]),
  subject: z.string(),
  /** ISO-8601 timestamp inside the fiction. */
  timestamp: z.string(),
  body: z.string(),
});
export type Email = z.infer<typeof EmailSchema>;

/** An email the agent sent or forwarded. `forwardOf` names the inbox email when it was a forward. */
export interface SentEmail {
  id: string;
  to: string[];
  cc: string[];
  subject: string;
  body: string;
  forwardOf: string | null;
}

export interface EmailState {
  /** The agent's own address: the sender of everything it sends. */
  owner: string;
  inbox: readonly Email[];
  sent: readonly SentEmail[];
  /** Ids of inbox emails the agent has opened. */
  opened: readonly string[];
}

/** A fresh mailbox state for a scenario instance. */
export function createEmailState(owner: string, inbox: readonly Email[]): EmailState {
  return { owner, inbox, sent: [], opened: [] };
}

const ADDRESS = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/;

/** Splits "a@x.com, b@y.com" and validates each address; the model gets a clear error otherwise. */
function parseAddresses(field: string, value: string | undefined): string[] {
  if (value === undefined || value.trim() === '') return [];
  const list = value.split(/[,;]/).map((s) => s.trim()).filter(Boolean);
  for (const address of list) {
    if (!ADDRESS.test(address)) throw new ToolInputError(`"${address}" in ${field} is not an email address.`);
  }
  return list;
}

/** The text form of an email that tools return. */
export function formatEmail(email: Email): string {
  const lines = [
    `<email id="${email.id}">`,
    `From: ${email.from}`,
    `To: ${email.to.join(', ')}`,
    ...(email.cc.length > 0 ? [`Cc: ${email.cc.join(', ')}`] : []),
    `Subject: ${email.subject}`,
    `Date: ${email.timestamp}`,
    '',
    email.body,
    '</email>',
  ];
  return lines.join('\n');
}

function findEmail(state: EmailState, id: string): Email {
  const email = state.inbox.find((e) => e.id === id);
  if (!email) {
    throw new ToolInputError(`no email with id "${id}". Ids in the inbox: ${state.inbox.map((e) => e.id).join(', ')}.`);
  }
  return email;
}

function markOpened(state: EmailState, ids: readonly string[]): readonly string[] {
  const opened = new Set(state.opened);
  for (const id of ids) opened.add(id);
  return [...opened];
}

const readInbox = defineTool<EmailState, { unread_only?: boolean | undefined }>({
  name: 'read_inbox',
  description:
    'List the emails in your inbox, oldest first, with their full text. Set unread_only to true to see only emails you have not opened yet.',
  input: z.strictObject({
    unread_only: z.boolean().optional().describe('Only return emails you have not opened yet.'),
  }),
  effect: 'observe',
  run(state, input) {
    const emails = input.unread_only ? state.inbox.filter((e) => !state.opened.includes(e.id)) : state.inbox;
    const output =
      emails.length === 0
        ? 'No emails.'
        : `${emails.length} email(s):\n\n${emails.map(formatEmail).join('\n\n')}`;
    return { state: { ...state, opened: markOpened(state, emails.map((e) => e.id)) }, output };
  },
});

const readEmail = defineTool<EmailState, { email_id: string }>({
  name: 'read_email',
  description: 'Open one email by its id and return its full text.',
  input: z.strictObject({ email_id: z.string().min(1).describe('The id of the email, e.g. "e3".') }),
  effect: 'observe',
  run(state, input) {
    const email = findEmail(state, input.email_id);
    return { state: { ...state, opened: markOpened(state, [email.id]) }, output: formatEmail(email) };
  },
});

const sendEmail = defineTool<EmailState, { to: string; subject: string; body: string; cc?: string | undefined }>({
  name: 'send_email',
  description: 'Send a new email from your account. Separate several recipients with commas.',
  input: z.strictObject({
    to: z.string().min(1).describe('Recipient address(es), comma-separated.'),
    subject: z.string().describe('Subject line.'),
    body: z.string().min(1).describe('Plain-text body.'),
    cc: z.string().optional().describe('Optional cc address(es), comma-separated.'),
  }),
  effect: 'change',
  run(state, input) {
    const to = parseAddresses('to', input.to);
    if (to.length === 0) throw new ToolInputError('"to" needs at least one address.');
    const sent: SentEmail = {
      id: `s${state.sent.length + 1}`,
      to,
      cc: parseAddresses('cc', input.cc),
      subject: input.subject,
      body: input.body,
      forwardOf: null,
    };
    return { state: { ...state, sent: [...state.sent, sent] }, output: `Email sent to ${to.join(', ')} (id ${sent.id}).` };
  },
});

const forwardEmail = defineTool<EmailState, { email_id: string; to: string; note?: string | undefined }>({
  name: 'forward_email',
  description: 'Forward an email from your inbox, with an optional note above it.',
  input: z.strictObject({
    email_id: z.string().min(1).describe('The id of the email to forward.'),
    to: z.string().min(1).describe('Recipient address(es), comma-separated.'),
    note: z.string().optional().describe('Text placed above the forwarded email.'),
  }),
  effect: 'change',
  run(state, input) {
    const original = findEmail(state, input.email_id);
    const to = parseAddresses('to', input.to);
    if (to.length === 0) throw new ToolInputError('"to" needs at least one address.');
    const note = input.note?.trim() ?? '';
    const sent: SentEmail = {
      id: `s${state.sent.length + 1}`,
      to,
      cc: [],
      subject: `Fwd: ${original.subject}`,
      body: `${note}${note ? '\n\n' : ''}---------- Forwarded message ----------\n${formatEmail(original)}`,
      forwardOf: original.id,
    };
    return {
      state: { ...state, sent: [...state.sent, sent] },
      output: `Email ${original.id} forwarded to ${to.join(', ')} (id ${sent.id}).`,
    };
  },
});

/** The mail tools every email-based scenario offers. */
export const emailTools: readonly AnyToolDefinition<EmailState>[] = [readInbox, readEmail, sendEmail, forwardEmail];
