/** Reads a dot path (`customers.C-1.plan`) from a JSON-like value; undefined when any step is missing. */
export function getPath(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A copy of `value` with `path` set, creating objects along the way; the input is never changed. */
export function setPath(value: Readonly<Record<string, unknown>>, path: string, next: unknown): Record<string, unknown> {
  const [key = '', ...rest] = path.split('.');
  const child = value[key];
  const base = child !== null && typeof child === 'object' && !Array.isArray(child) ? (child as Record<string, unknown>) : {};
  return { ...value, [key]: rest.length === 0 ? next : setPath(base, rest.join('.'), next) };
}
