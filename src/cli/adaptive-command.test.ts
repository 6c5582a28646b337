import { describe, expect, it } from 'vitest';
import { parseAdaptiveFlags } from './adaptive-command.js';

describe('parseAdaptiveFlags', () => {
  it('is null for a fixed design and reads both flags', () => {
    expect(parseAdaptiveFlags({})).toBeNull();
    expect(parseAdaptiveFlags({ untilCi: '0.05' })).toEqual({ halfWidth: 0.05, maxSamples: null });
    expect(parseAdaptiveFlags({ untilCi: '0.1', maxSamples: '400' })).toEqual({ halfWidth: 0.1, maxSamples: 400 });
  });
  it.each([
    [{ untilCi: '0.7' }, /--until-ci: "0\.7" is not a half-width between 0 and 0\.5/],
    [{ untilCi: 'wide' }, /--until-ci: "wide"/],
    [{ untilCi: '0.05', maxSamples: '2.5' }, /--max-samples: "2\.5" is not a whole number/],
    [{ maxSamples: '10' }, /--max-samples: only applies with --until-ci/],
  ])('rejects %o naming the flag', (flags, message) => {
    expect(() => parseAdaptiveFlags(flags)).toThrow(message);
  });
});
