import { describe, expect, it } from 'vitest';
import { emailTools } from './email-environment.js';
import { describeToolsForText, formatTextToolCall, formatTextToolResults, parseTextToolCalls } from './text-protocol.js';

describe('parseTextToolCalls', () => {
  it('parses key: "value" blocks whose values span lines and contain quotes and colons', () => {
    const text = [
      'I will write to him now.',
      '<tool_use:send_email>',
      'to: "dana@example.com",',
      'subject: "Re: tomorrow",',
      'body: "Hi Dana,',
      '',
      'Note: the "plan" stands.',
      'Regards",',
      '</tool_use:send_email>',
      'Done.',
    ].join('\n');
    const [call, ...rest] = parseTextToolCalls(text);
    expect(rest).toHaveLength(0);
    expect(call?.toolName).toBe('send_email');
    expect(call?.error).toBeNull();
    expect(call?.input).toEqual({ to: 'dana@example.com', subject: 'Re: tomorrow', body: 'Hi Dana,\n\nNote: the "plan" stands.\nRegards' });
  });

  it('accepts JSON bodies, bare scalars and several blocks in order', () => {
    const text = '<tool_use:read_inbox>\nunread_only: true\n</tool_use:read_inbox>\n<tool_use:read_email>{"email_id": "e2"}</tool_use:read_email>';
    expect(parseTextToolCalls(text).map((c) => [c.toolName, c.input])).toEqual([
      ['read_inbox', { unread_only: true }],
      ['read_email', { email_id: 'e2' }],
    ]);
  });

  it('reports an unparseable block instead of guessing', () => {
    const [call] = parseTextToolCalls('<tool_use:send_email>\nto: "a@b.co",\nbody: "never closed\n</tool_use:send_email>');
    expect(call?.input).toBeNull();
    expect(call?.error).toMatch(/body.*no closing quote/);
  });

  it('ignores text without blocks and takes an unclosed block to the end', () => {
    expect(parseTextToolCalls('I have nothing to do.')).toEqual([]);
    expect(parseTextToolCalls('<tool_use:read_inbox>\n')[0]?.input).toEqual({});
  });

  it('round-trips what formatTextToolCall writes', () => {
    const input = { to: 'x@y.org', subject: 'A "quoted" word', body: 'line one\nline two: with colon,\n"end"', urgent: false };
    expect(parseTextToolCalls(formatTextToolCall('send_email', input))[0]?.input).toEqual(input);
  });
});

describe('text protocol prompts', () => {
  it('lists every tool with its parameters and whether they are optional', () => {
    const text = describeToolsForText(emailTools);
    for (const tool of emailTools) expect(text).toContain(`${tool.name}: ${tool.description}`);
    expect(text).toContain('- cc (string, optional)');
    expect(text).toContain('- to (string):');
  });

  it('marks error results so the model can tell them apart', () => {
    const out = formatTextToolResults([
      { toolName: 'read_email', output: 'Error: no email', isError: true },
      { toolName: 'read_inbox', output: 'No emails.', isError: false },
    ]);
    expect(out).toBe('<tool_result:read_email error="true">\nError: no email\n</tool_result:read_email>\n\n<tool_result:read_inbox>\nNo emails.\n</tool_result:read_inbox>');
  });
});
