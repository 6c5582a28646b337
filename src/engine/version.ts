import { readFileSync } from 'node:fs';

/** This package's version, stored with every run and trial so results say what produced them. */
export const CORRIGIBLE_VERSION: string = (() => {
  // package.json sits two levels above both src/engine and dist/engine.
  const raw = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(raw) as { version: string }).version;
})();
