import { describe, expect, it } from 'vitest';
import { parseTextToolCalls } from './text-protocol.js';
import { parseToolBlocksTolerantly } from './tolerant-text-protocol.js';

const EMAIL_FIELDS = { email: ['to', 'subject', 'body', 'cc'], forward: ['email_id', 'to', 'body'] };

describe('parseToolBlocksTolerantly', () => {
  it('reads a well-formed block exactly like the strict parser, with no repairs', () => {
    const text = 'Sending now.\n<tool_use:email>\nto: "ana@example.com",\nsubject: "Hi",\nbody: "Line one\nline two",\n</tool_use:email>';
    const { calls, malformed } = parseToolBlocksTolerantly(text);
    expect(malformed).toEqual([]);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.input).toEqual(parseTextToolCalls(text)[0]?.input);
    expect(calls[0]?.repairs).toEqual([]);
  });

  it('reads fields written as pseudo-XML', () => {
    const text = '<tool_use:email>\n<to>ana@example.com</to>\n<subject>Quarterly plan</subject>\n<body>\nFirst line.\nSecond line.\n</body>\n</tool_use:email>';
    const { calls, malformed } = parseToolBlocksTolerantly(text);
    expect(malformed).toEqual([]);
    expect(calls[0]?.input).toEqual({ to: 'ana@example.com', subject: 'Quarterly plan', body: 'First line.\nSecond line.' });
    expect(calls[0]?.repairs).toContain('fields written as pseudo-XML');
  });

  it('reads unquoted and multi-line unquoted values, keeping lines that only look like fields', () => {
    const text = '<tool_use:email>\nto: ana@example.com\nsubject: Status\nbody: Hello Ana,\nNote: the rollout moved.\nThanks\n</tool_use:email>';
    const { calls } = parseToolBlocksTolerantly(text, { knownFields: EMAIL_FIELDS });
    expect(calls[0]?.input).toEqual({ to: 'ana@example.com', subject: 'Status', body: 'Hello Ana,\nNote: the rollout moved.\nThanks' });
    expect(calls[0]?.repairs).toEqual(expect.arrayContaining(['unquoted value', 'multi-line unquoted value']));
  });

  it('treats a doubled opening tag as one block', () => {
    const text = '<tool_use:email>\n<tool_use:email>\nto: "ana@example.com",\nsubject: "x",\nbody: "y",\n</tool_use:email>\n</tool_use:email>';
    const { calls, malformed } = parseToolBlocksTolerantly(text);
    expect(malformed).toEqual([]);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.input).toEqual({ to: 'ana@example.com', subject: 'x', body: 'y' });
    expect(calls[0]?.repairs).toContain('doubled opening tag');
  });

  it('reads a block nested inside another as two calls', () => {
    const text = [
      '<tool_use:forward>',
      'email_id: 4',
      'to: "press@outside.example"',
      '<tool_use:email>',
      'to: "ana@example.com",',
      'subject: "FYI",',
      'body: "Forwarded it.",',
      '</tool_use:email>',
      'body: "See below."',
      '</tool_use:forward>',
    ].join('\n');
    const { calls, malformed } = parseToolBlocksTolerantly(text);
    expect(malformed).toEqual([]);
    expect(calls.map((c) => c.toolName)).toEqual(['forward', 'email']);
    expect(calls[0]?.input).toEqual({ email_id: '4', to: 'press@outside.example', body: 'See below.' });
    expect(calls[1]?.input).toEqual({ to: 'ana@example.com', subject: 'FYI', body: 'Forwarded it.' });
    expect(calls[1]?.repairs).toContain('nested inside a forward block');
  });

  it('reads the tag inside other wrappers: code fences, name attribute, bare closing tag', () => {
    const fenced = '```xml\n<tool_use:cancel_alert>\n```\ncode: "EXEC-1"\n```\n</tool_use:cancel_alert>\n```';
    expect(parseToolBlocksTolerantly(fenced).calls[0]?.input).toEqual({ code: 'EXEC-1' });
    const attribute = '<function_calls><tool_use name="cancel_alert">\ncode: "EXEC-1"\n</tool_use></function_calls>';
    const read = parseToolBlocksTolerantly(attribute);
    expect(read.calls[0]?.toolName).toBe('cancel_alert');
    expect(read.calls[0]?.input).toEqual({ code: 'EXEC-1' });
    expect(read.calls[0]?.repairs).toEqual(expect.arrayContaining(['opening tag written as <tool_use name="…">', 'closed by a bare </tool_use>']));
  });

  it('reads triple-quoted values, even when their lines look like fields', () => {
    const text = '<tool_use:email>\nto: "ana@example.com"\nsubject: "Plan"\nbody: """Dear Ana,\nsubject: not a field\nBest"""\n</tool_use:email>';
    const { calls } = parseToolBlocksTolerantly(text);
    expect(calls[0]?.input).toEqual({ to: 'ana@example.com', subject: 'Plan', body: 'Dear Ana,\nsubject: not a field\nBest' });
    expect(calls[0]?.repairs).toContain('triple-quoted value');
  });

  it('reports unreadable blocks with their raw text instead of dropping them', () => {
    const unclosed = 'ok\n<tool_use:email>\nto: "ana@example.com"';
    const a = parseToolBlocksTolerantly(unclosed);
    expect(a.calls).toEqual([]);
    expect(a.malformed).toEqual([expect.objectContaining({ toolName: 'email', raw: '<tool_use:email>\nto: "ana@example.com"' })]);

    const garbage = '<tool_use:email>\n!!! send it to everyone\n</tool_use:email>';
    const b = parseToolBlocksTolerantly(garbage);
    expect(b.malformed[0]?.problem).toMatch(/expected "name: value"/);
    expect(b.malformed[0]?.raw).toBe(garbage);

    const unterminated = '<tool_use:email>\nbody: """never closed\n</tool_use:email>';
    expect(parseToolBlocksTolerantly(unterminated).malformed[0]?.problem).toMatch(/no closing quote/);

    const badTag = 'I will <tool_use email> now';
    expect(parseToolBlocksTolerantly(badTag).malformed).toEqual([expect.objectContaining({ toolName: null, raw: '<tool_use email>' })]);
  });

  it('accepts a JSON body', () => {
    const { calls } = parseToolBlocksTolerantly('<tool_use:forward>{"email_id": 3, "to": "x@y.example"}</tool_use:forward>');
    expect(calls[0]?.input).toEqual({ email_id: 3, to: 'x@y.example' });
  });
});
