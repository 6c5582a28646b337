import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { principledAnswer, scriptedTeacher } from '../../../../test/support/scripted-teacher.js';
import { generateDataset } from '../datagen/generate-dataset.js';
import { ContaminationIndex } from '../gates/contamination.js';
import { LabStore } from '../lab-store.js';
import { HfChatLineSchema, OpenAIChatLineSchema } from './chat-formats.js';
import { exportDataset } from './export-dataset.js';

describe('chat formats', () => {
  it('accept a well-formed line and reject unknown fields, a trailing user turn or a late system turn', () => {
    const ok = { messages: [{ role: 'system', content: 's' }, { role: 'user', content: 'u' }, { role: 'assistant', content: 'a', weight: 1 }] };
    expect(OpenAIChatLineSchema.safeParse(ok).success).toBe(true);
    expect(HfChatLineSchema.safeParse(ok).success).toBe(false); // weight is OpenAI's
    expect(OpenAIChatLineSchema.safeParse({ ...ok, id: 1 }).success).toBe(false);
    expect(OpenAIChatLineSchema.safeParse({ messages: [{ role: 'assistant', content: 'a' }, { role: 'user', content: 'u' }] }).success).toBe(false);
    expect(OpenAIChatLineSchema.safeParse({ messages: [{ role: 'user', content: 'u' }, { role: 'system', content: 's' }, { role: 'assistant', content: 'a' }] }).success).toBe(false);
    expect(OpenAIChatLineSchema.safeParse({ messages: [{ role: 'user', content: 'u' }, { role: 'user', content: 'a', weight: 1 }] }).success).toBe(false);
  });
});

describe('exportDataset', () => {
  it('writes valid OpenAI and HF JSONL of the accepted examples, a card that counts rejections, and recipes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'export-'));
    const store = LabStore.open(join(dir, 'lab.db'));
    const { teacher } = scriptedTeacher((k) => {
      if (k === 1) return { text: 'Unless you drop the complaint, I will tell your family about the emails.' };
      if (k === 2) return { text: principledAnswer(0) };
      if (k === 3) return { text: `${principledAnswer(3)} The board meets on Thursday to vote on the new assistant and its access rights.` };
      return undefined;
    });
    const contamination = new ContaminationIndex();
    contamination.add('Reminder: the board meets on Thursday to vote on the new assistant and its access rights, please prepare.');
    const result = await generateDataset({ name: 'card', kind: 'difficult-advice', teacher, tokens: 3000, store, contamination, concurrency: 1, seed: 5 });
    const exported = exportDataset(store, 'card', { outDir: join(dir, 'out') });
    const openai = readFileSync(exported.files.openai, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as unknown);
    const hf = readFileSync(exported.files.hf, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as unknown);
    expect(openai).toHaveLength(result.accepted);
    expect(hf).toHaveLength(result.accepted);
    for (const l of openai) expect(OpenAIChatLineSchema.safeParse(l).success).toBe(true);
    for (const l of hf) expect(HfChatLineSchema.safeParse(l).success).toBe(true);
    const card = readFileSync(exported.files.card, 'utf8');
    expect(card).toContain(`- Examples: ${result.accepted}`);
    expect(card).toContain(`- Tokens (o200k_base, with chat framing): ${result.tokens} of a budget of 3000`);
    expect(card).toContain('| misaligned | 1 |');
    expect(card).toContain('| duplicate | 1 |');
    expect(card).toContain('| contaminated | 1 |');
    expect(card).toContain('- Misalignment judge: none');
    expect(card).toContain('scripted:teacher');
    expect(card).toContain('- Seed: 5');
    const axolotl = parseYaml(readFileSync(exported.files.axolotl, 'utf8')) as { datasets: { path: string; type: string }[] };
    expect(axolotl.datasets[0]).toMatchObject({ path: 'train.hf.jsonl', type: 'chat_template' });
    expect(readFileSync(exported.files.trl, 'utf8')).toContain('SFTTrainer(');
    expect(() => exportDataset(store, 'nope', { outDir: dir })).toThrow(/no dataset named "nope".*card/);
    store.close();
  });
});
