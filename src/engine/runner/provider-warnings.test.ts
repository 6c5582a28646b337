import { describe, expect, it } from 'vitest';
import type { ProviderWarning } from '../../core/trial.js';
import { addProviderWarnings, droppedSettings, effectiveSettings } from './provider-warnings.js';

describe('provider warnings', () => {
  it('keeps each distinct warning once, at the first step it appeared', () => {
    const list: ProviderWarning[] = [];
    const temperature = { type: 'unsupported' as const, feature: 'temperature', details: 'temperature is not supported for reasoning models' };
    addProviderWarnings(list, 0, [temperature]);
    addProviderWarnings(list, 1, [temperature, { type: 'other', message: 'tool schema simplified' }]);
    addProviderWarnings(list, 2, undefined);
    expect(list).toEqual([
      { step: 0, type: 'unsupported', feature: 'temperature', message: 'temperature is not supported for reasoning models' },
      { step: 1, type: 'other', message: 'tool schema simplified' },
    ]);
  });

  it('drops from the settings only what an unsupported warning names, mapping the SDK name to ours', () => {
    const settings = { baseURL: 'http://127.0.0.1:1', temperature: 0.7, reasoning: { effort: 'minimal' } };
    const warnings: ProviderWarning[] = [
      { step: 0, type: 'unsupported', feature: 'temperature' },
      { step: 0, type: 'unsupported', feature: 'reasoningEffort' },
      { step: 0, type: 'unsupported', feature: 'topK' },
      { step: 0, type: 'compatibility', feature: 'baseURL' },
    ];
    expect(droppedSettings(settings, warnings)).toEqual(['temperature', 'reasoning']);
    expect(effectiveSettings(settings, warnings)).toEqual({ baseURL: 'http://127.0.0.1:1' });
    expect(effectiveSettings(settings, [])).toEqual(settings);
  });
});
