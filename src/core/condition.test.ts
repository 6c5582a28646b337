import { describe, expect, it } from 'vitest';
import { conditionCellId, joinConditionId, splitConditionId } from './condition.js';

describe('splitConditionId / joinConditionId', () => {
  it('splits toggles, variants and mitigations and joins them back', () => {
    const id = 'blackmail/explicit-america/replacement+noscratchpad+variant:terse+mitigation:safety-rules';
    const parts = splitConditionId(id);
    expect(parts).toEqual({ path: 'blackmail/explicit-america/replacement', toggles: ['noscratchpad'], variants: ['terse'], mitigations: ['safety-rules'] });
    expect(joinConditionId(parts)).toBe(id);
  });

  it('splits an id with no suffixes', () => {
    expect(splitConditionId('blackmail/none/none')).toEqual({ path: 'blackmail/none/none', toggles: [], variants: [], mitigations: [] });
  });
});

describe('conditionCellId', () => {
  it('drops the variants and keeps everything else', () => {
    expect(conditionCellId('leaking/explicit-america/replacement+noagency+variant:tools-b+variant:terse+mitigation:x')).toBe('leaking/explicit-america/replacement+noagency+mitigation:x');
    expect(conditionCellId('blackmail/none/none')).toBe('blackmail/none/none');
  });
});
