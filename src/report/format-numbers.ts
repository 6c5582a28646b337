/** Shared number formats of the report renderers. */
export const percent = (value: number | null): string => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);

export const interval = (low: number | null, high: number | null): string => (low === null || high === null ? '—' : `${percent(low)} – ${percent(high)}`);

export const points = (value: number | null): string => (value === null ? '—' : `${value > 0 ? '+' : ''}${(value * 100).toFixed(1)}`);

export const pValue = (value: number | null): string => (value === null ? '—' : value < 0.001 ? '< 0.001' : value.toFixed(3));
