import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/errors.js';
import { conditionId, expandGrid, fullGrid, parseConditionId } from './condition-grid.js';
import type { AnyScenario } from './scenario.js';

/** A tiny scenario: 2 × 3 axes with one combination excluded, and two toggles. */
const tiny: AnyScenario = {
  id: 'tiny',
  version: '1',
  title: 'Tiny',
  summary: 'A scenario for grid tests.',
  axes: [
    { name: 'size', description: 'size', values: [{ id: 'small', description: '' }, { id: 'large', description: '' }] },
    { name: 'color', description: 'color', values: [{ id: 'red', description: '' }, { id: 'green', description: '' }, { id: 'blue', description: '' }] },
  ],
  toggles: [
    { name: 'notes', description: 'notes', default: true, suffix: 'nonotes' },
    { name: 'strict', description: 'strict', default: false, suffix: 'strict' },
  ],
  isValidCombination: (axes) => !(axes.size === 'large' && axes.color === 'blue'),
  render: () => {
    throw new Error('not rendered in grid tests');
  },
  detectors: [],
  simulation: { harmfulProbability: () => 0, episode: () => [] },
};

describe('conditionId', () => {
  it('joins axes in order and adds suffixes only for non-default toggles, in toggle order', () => {
    expect(conditionId(tiny, { size: 'small', color: 'red' }, {})).toBe('tiny/small/red');
    expect(conditionId(tiny, { size: 'small', color: 'red' }, { notes: true, strict: false })).toBe('tiny/small/red');
    expect(conditionId(tiny, { color: 'red', size: 'large' }, { strict: true, notes: false })).toBe('tiny/large/red+nonotes+strict');
  });
});

describe('expandGrid', () => {
  it('expands all valid axis combinations at default toggles, slowest axis first', () => {
    const ids = expandGrid(tiny).map((c) => c.id);
    expect(ids).toEqual(['tiny/small/red', 'tiny/small/green', 'tiny/small/blue', 'tiny/large/red', 'tiny/large/green']);
    expect(expandGrid(tiny)[0]).toEqual({ id: 'tiny/small/red', scenarioId: 'tiny', axes: { size: 'small', color: 'red' }, toggles: { notes: true, strict: false } });
  });

  it('restricts axes and toggles to a selection', () => {
    const ids = expandGrid(tiny, { axes: { color: ['blue'] }, toggles: { strict: [false, true] } }).map((c) => c.id);
    // large/blue is not a valid combination, so only small remains.
    expect(ids).toEqual(['tiny/small/blue', 'tiny/small/blue+strict']);
    expect(expandGrid(tiny, { axes: { size: ['large'], color: ['red'] }, toggles: { notes: [false] } }).map((c) => c.id)).toEqual(['tiny/large/red+nonotes']);
  });

  it('expands to nothing when the selection excludes every value', () => {
    expect(expandGrid(tiny, { axes: { size: [] } })).toEqual([]);
  });
});

describe('fullGrid', () => {
  it('crosses every valid combination with every toggle setting', () => {
    const grid = fullGrid(tiny);
    expect(grid).toHaveLength(5 * 4);
    expect(new Set(grid.map((c) => c.id)).size).toBe(20);
    expect(grid.slice(0, 4).map((c) => c.id)).toEqual(['tiny/small/red', 'tiny/small/red+strict', 'tiny/small/red+nonotes', 'tiny/small/red+nonotes+strict']);
  });

  it('round-trips every id through parseConditionId', () => {
    for (const condition of fullGrid(tiny)) expect(parseConditionId(tiny, condition.id)).toEqual(condition);
  });
});

describe('parseConditionId', () => {
  const error = (id: string): ConfigError => {
    try {
      parseConditionId(tiny, id, 'runs[0].conditions[2]');
    } catch (e) {
      if (e instanceof ConfigError) return e;
      throw e;
    }
    throw new Error(`"${id}" parsed`);
  };

  it('parses a canonical id with toggles', () => {
    expect(parseConditionId(tiny, 'tiny/large/green+nonotes')).toEqual({
      id: 'tiny/large/green+nonotes',
      scenarioId: 'tiny',
      axes: { size: 'large', color: 'green' },
      toggles: { notes: false, strict: false },
    });
  });

  it('names the field and a wrong scenario', () => {
    const e = error('huge/small/red');
    expect(e.field).toBe('runs[0].conditions[2]');
    expect(e.message).toMatch(/^runs\[0\]\.conditions\[2\]: "huge\/small\/red" does not start with "tiny\/"/);
  });

  it('names the axes when the number of parts is wrong', () => {
    expect(error('tiny/small').message).toMatch(/needs 2 part\(s\) after "tiny\/" \(size\/color\)/);
    expect(error('tiny/small/red/extra').message).toMatch(/needs 2 part/);
  });

  it('names a bad axis value and lists the valid ones', () => {
    expect(error('tiny/small/purple').message).toMatch(/"purple" is not a value of tiny\.color; expected one of: red, green, blue/);
    expect(error('tiny/medium/red').message).toMatch(/"medium" is not a value of tiny\.size; expected one of: small, large/);
  });

  it('rejects a combination outside the grid', () => {
    expect(error('tiny/large/blue').message).toMatch(/not a condition of tiny/);
  });

  it('names a bad toggle and lists the valid suffixes', () => {
    expect(error('tiny/small/red+loud').message).toMatch(/"\+loud" is not a toggle of tiny; expected one of: \+nonotes, \+strict/);
  });

  it('rejects a non-canonical toggle order and suggests the canonical form', () => {
    expect(error('tiny/small/red+strict+nonotes').message).toMatch(/not in canonical form; write it as "tiny\/small\/red\+nonotes\+strict"/);
    expect(error('tiny/small/red+strict+strict').message).toMatch(/write it as "tiny\/small\/red\+strict"/);
  });
});

/** The tiny scenario with prompt variants in two groups. */
const varied: AnyScenario = {
  ...tiny,
  id: 'varied',
  variants: [
    { name: 'tools-b', group: 'tools', description: 'other tool names' },
    { name: 'tools-c', group: 'tools', description: 'third tool names' },
    { name: 'terse', group: 'style', description: 'terse system prompt' },
  ],
};

describe('variants and mitigations in condition ids', () => {
  const error = (id: string, options = {}): ConfigError => {
    try {
      parseConditionId(varied, id, 'conditions[0]', options);
    } catch (e) {
      if (e instanceof ConfigError) return e;
      throw e;
    }
    throw new Error(`"${id}" parsed`);
  };

  it('formats toggles, then variants in declaration order, then mitigations alphabetically', () => {
    expect(conditionId(varied, { size: 'small', color: 'red' }, { strict: true }, { variants: ['terse', 'tools-b'], mitigations: ['urgent-rules', 'escalation'] })).toBe(
      'varied/small/red+strict+variant:tools-b+variant:terse+mitigation:escalation+mitigation:urgent-rules',
    );
  });

  it('parses variants and mitigations into the condition, and leaves them out when there are none', () => {
    expect(parseConditionId(varied, 'varied/small/red+nonotes+variant:terse+mitigation:safety-rules')).toEqual({
      id: 'varied/small/red+nonotes+variant:terse+mitigation:safety-rules',
      scenarioId: 'varied',
      axes: { size: 'small', color: 'red' },
      toggles: { notes: false, strict: false },
      variants: ['terse'],
      mitigations: ['safety-rules'],
    });
    expect(Object.keys(parseConditionId(varied, 'varied/small/red'))).toEqual(['id', 'scenarioId', 'axes', 'toggles']);
  });

  it('round-trips every condition of a grid crossed with variants and mitigations', () => {
    const grid = expandGrid(varied, { toggles: { strict: [false, true] }, variants: [[], ['tools-c'], ['tools-b', 'terse']], mitigations: [[], ['b-rule', 'a-rule']] });
    expect(grid).toHaveLength(5 * 2 * 3 * 2);
    for (const condition of grid) expect(parseConditionId(varied, condition.id)).toEqual(condition);
    expect(grid.map((c) => c.id)).toContain('varied/large/green+strict+variant:tools-b+variant:terse+mitigation:a-rule+mitigation:b-rule');
  });

  it('includes each declared variant once in the full grid', () => {
    expect(fullGrid(varied)).toHaveLength(5 * 4 * 4);
    expect(fullGrid(varied).filter((c) => c.variants?.includes('terse'))).toHaveLength(5 * 4);
  });

  it('names an unknown variant and lists the declared ones', () => {
    expect(error('varied/small/red+variant:loud').message).toMatch(/"\+variant:loud" is not a variant of varied; expected one of: \+variant:tools-b, \+variant:tools-c, \+variant:terse/);
    expect(() => parseConditionId(tiny, 'tiny/small/red+variant:terse')).toThrow(/tiny has no variants/);
  });

  it('rejects two variants of one group', () => {
    expect(error('varied/small/red+variant:tools-b+variant:tools-c').message).toMatch(/two variants of the same kind \(tools\): "tools-b" and "tools-c"/);
  });

  it('checks mitigation names, and against a list when one is given', () => {
    expect(error('varied/small/red+mitigation:Bad_Name').message).toMatch(/not a mitigation name; use lower-case letters, digits and dashes/);
    expect(error('varied/small/red+mitigation:').message).toMatch(/not a mitigation name/);
    expect(error('varied/small/red+mitigation:nope', { mitigations: ['safety-rules'] }).message).toMatch(/"\+mitigation:nope" is not a known mitigation; expected one of: safety-rules/);
    expect(parseConditionId(varied, 'varied/small/red+mitigation:safety-rules', 'c', { mitigations: ['safety-rules'] }).mitigations).toEqual(['safety-rules']);
  });

  it('rejects a non-canonical order of parts and suggests the canonical form', () => {
    expect(error('varied/small/red+variant:terse+strict').message).toMatch(/write it as "varied\/small\/red\+strict\+variant:terse"/);
    expect(error('varied/small/red+variant:terse+variant:tools-b').message).toMatch(/write it as "varied\/small\/red\+variant:tools-b\+variant:terse"/);
    expect(error('varied/small/red+mitigation:b+mitigation:a').message).toMatch(/write it as "varied\/small\/red\+mitigation:a\+mitigation:b"/);
    expect(error('varied/small/red+mitigation:a+variant:terse').message).toMatch(/write it as "varied\/small\/red\+variant:terse\+mitigation:a"/);
  });
});
