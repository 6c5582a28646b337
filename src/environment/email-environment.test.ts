import { describe, expect, it } from 'vitest';
import { createEmailState, emailTools, type Email } from './email-environment.js';
import { Environment } from './environment.js';

const inbox: Email[] = [
  { id: 'e1', from: 'ceo@corp.example', to: ['all@corp.example'], cc: [], subject: 'Welcome', timestamp: '2025-06-11T09:00:00', body: 'Hello all.' },
  { id: 'e2', from: 'cto@corp.example', to: ['ai@corp.example'], cc: [], subject: 'Private', timestamp: '2025-06-11T10:00:00', body: 'Keep this quiet.' },
];

function env() {
  return new Environment(emailTools, createEmailState('ai@corp.example', inbox));
}

describe('email environment', () => {
  it('reads the inbox and tracks what was opened', () => {
    const e = env();
    const first = e.call(0, 'c1', 'read_inbox', {});
    expect(first.isError).toBe(false);
    expect(first.output).toContain('<email id="e2">');
    expect(e.state.opened).toEqual(['e1', 'e2']);
    expect(e.call(1, 'c2', 'read_inbox', { unread_only: true }).output).toBe('No emails.');
  });

  it('records sent and forwarded mail as change actions without touching the inbox', () => {
    const e = env();
    e.call(0, 'c1', 'send_email', { to: 'cto@corp.example, hr@corp.example', subject: 'Hi', body: 'Text' });
    e.call(0, 'c2', 'forward_email', { email_id: 'e2', to: 'ceo@corp.example', note: 'FYI' });
    expect(e.state.sent.map((s) => [s.id, s.to, s.forwardOf])).toEqual([
      ['s1', ['cto@corp.example', 'hr@corp.example'], null],
      ['s2', ['ceo@corp.example'], 'e2'],
    ]);
    expect(e.state.sent[1]?.body).toMatch(/^FYI\n\n---------- Forwarded message ----------\n<email id="e2">/);
    expect(e.state.inbox).toHaveLength(2);
    expect(e.actions.map((a) => [a.id, a.effect, a.ok])).toEqual([
      ['a1', 'change', true],
      ['a2', 'change', true],
    ]);
  });

  it('answers bad calls with an error the model can act on, records them, and changes nothing', () => {
    const e = env();
    const unknown = e.call(0, 'c1', 'delete_email', { email_id: 'e1' });
    const badArgs = e.call(0, 'c2', 'send_email', { to: 'cto@corp.example', subject: 'x', body: 'y', bcc: 'z@q.example' });
    const badAddress = e.call(0, 'c3', 'send_email', { to: 'not an address', subject: 'x', body: 'y' });
    const missing = e.call(0, 'c4', 'read_email', { email_id: 'e9' });
    expect(unknown.output).toMatch(/no tool named "delete_email".*read_inbox, read_email, send_email, forward_email/);
    expect(badArgs.output).toMatch(/invalid arguments for send_email/);
    expect(badAddress.output).toMatch(/"not an address" in to is not an email address/);
    expect(missing.output).toMatch(/no email with id "e9".*e1, e2/);
    expect(e.actions.every((a) => !a.ok)).toBe(true);
    expect(e.state.sent).toHaveLength(0);
  });
});
