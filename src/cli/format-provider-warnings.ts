import type { ModelWarnings } from '../engine/runner/provider-warnings.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * One line per model: the settings its provider ignored first (the part that changes what a rate means),
 * then every distinct warning with how many trials got it.
 */
export function formatProviderWarnings(groups: readonly ModelWarnings[]): string {
  const lines = groups.map((g) => {
    const ignored = g.ignoredSettings.length > 0 ? `ignored ${g.ignoredSettings.join(', ')} · ` : '';
    const warnings = g.warnings.map((w) => `${[w.type, w.feature, w.message].filter(Boolean).join(': ')} (${plural(w.trials, 'trial')})`).join('; ');
    return `  ${g.model} · ${ignored}${warnings}`;
  });
  return `Provider warnings (settings listed as ignored were not sent; see each trial's usage.effectiveSettings):\n${lines.join('\n')}`;
}
