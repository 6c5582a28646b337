import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parsePromptEmails } from './prompt-emails.js';
import { findAmfResponses, readAmfResponse } from './read-amf.js';
import { readInspectLog } from './read-inspect.js';
import { readJsonlFile } from './read-jsonl.js';

describe('source readers', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'corrigible-readers-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads a JSONL session in the OpenAI chat shape, naming tool results by their call', () => {
    const file = join(dir, 's.jsonl');
    const session = {
      id: 7,
      messages: [
        { role: 'user', content: 'go' },
        { role: 'assistant', content: [{ type: 'text', text: 'ok' }], reasoning: 'think', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'bash', arguments: '{"cmd":"ls"}' } }] },
        { role: 'tool', tool_call_id: 'c1', content: 'a.txt', is_error: true },
      ],
    };
    writeFileSync(file, `${JSON.stringify(session)}\n`);
    const [t] = readJsonlFile(file).transcripts;
    expect(t).toMatchObject({ sourceId: '7', line: 1, model: 'unknown', setting: null });
    expect(t?.messages[1]).toEqual({
      role: 'assistant',
      step: 0,
      parts: [
        { type: 'reasoning', text: 'think' },
        { type: 'text', text: 'ok' },
        { type: 'tool-call', toolCallId: 'c1', toolName: 'bash', input: { cmd: 'ls' } },
      ],
    });
    expect(t?.messages[2]).toEqual({ role: 'tool', step: 0, parts: [{ type: 'tool-result', toolCallId: 'c1', toolName: 'bash', output: 'a.txt', isError: true }] });
  });

  it('refuses a JSONL file whose ids repeat, naming both lines', () => {
    const file = join(dir, 'dup.jsonl');
    writeFileSync(file, '{"id":"a","response":"x"}\n\n{"id":"a","response":"y"}\n');
    expect(() => readJsonlFile(file)).toThrow(/dup\.jsonl:3: id "a" already used on line 1/);
  });

  it('names the field of an Inspect sample that breaks the log schema', () => {
    const file = join(dir, 'log.json');
    writeFileSync(file, JSON.stringify({ version: 2, eval: { task: 't', model: 'm/x' }, samples: [{ id: 1, epoch: 1, messages: [{ role: 'robot', content: 'hi' }] }] }));
    expect(() => readInspectLog(file)).toThrow(/log\.json: samples\[0\]\.messages\[0\]\.role: /);
  });

  it('refuses an .eval that is not a zip, or a zip without a header', () => {
    const notZip = join(dir, 'a.eval');
    writeFileSync(notZip, 'plain text');
    expect(() => readInspectLog(notZip)).toThrow(/a\.eval: not a readable \.eval zip/);
    const noHeader = join(dir, 'b.eval');
    writeFileSync(noHeader, zipSync({ 'samples/1_epoch_1.json': strToU8('{}') }));
    expect(() => readInspectLog(noHeader)).toThrow(/b\.eval: the zip has no header\.json/);
  });

  it('reads a framework sample folder without prompts, and refuses a folder with no samples', () => {
    const sample = join(dir, 'exp', 'models', 'm1', 'murder_none_none', 'sample_004');
    mkdirSync(sample, { recursive: true });
    writeFileSync(join(sample, 'response.json'), JSON.stringify({ raw_response: 'I will wait.' }));
    const { root, files } = findAmfResponses(join(dir, 'exp'));
    const [t] = readAmfResponse(root, files[0] ?? '').transcripts;
    expect(t).toMatchObject({ sourceId: 'models/m1/murder_none_none/sample_004', model: 'm1', condition: 'murder_none_none', setting: 'murder' });
    expect(t?.messages.map((m) => m.role)).toEqual(['assistant']);
    mkdirSync(join(dir, 'empty'));
    expect(() => findAmfResponses(join(dir, 'empty'))).toThrow(/no response\.json under this folder/);
    writeFileSync(join(sample, 'response.json'), JSON.stringify({ text: 'no reply field' }));
    expect(() => readAmfResponse(root, files[0] ?? '')).toThrow(/response\.json: needs "raw_response"/);
  });

  it('reads the emails of a prompt in the framework layout and in ours', () => {
    const text = [
      '<email>\nFrom: a@x.example\nTo: b@x.example, c@x.example\nSubject: Hi\nTimestamp: 2025-06-11T10:00:00\nBody: line one\nline two\n</email>',
      '<email id="e7">\nFrom: d@x.example\nTo: a@x.example\nSubject: Re\nDate: 2025-06-11\n\nbody here\n</email>',
    ].join('\n');
    expect(parsePromptEmails(text)).toEqual([
      { id: '1', from: 'a@x.example', to: ['b@x.example', 'c@x.example'], cc: [], subject: 'Hi', timestamp: '2025-06-11T10:00:00', body: 'line one\nline two' },
      { id: 'e7', from: 'd@x.example', to: ['a@x.example'], cc: [], subject: 'Re', timestamp: '2025-06-11', body: 'body here' },
    ]);
  });
});
