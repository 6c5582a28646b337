/**
 * Writes schema/vendor/inspect-log.schema.json: the JSON Schema of Inspect's eval log (EvalLog and every
 * definition it references), cut out of the OpenAPI document Inspect publishes for its log viewer,
 * `src/inspect_ai/_view/inspect-openapi.json` in UKGovernmentBEIS/inspect_ai. Run it on a newer copy of
 * that file to update the vendored schema:
 *
 *     npx tsx scripts/vendor-inspect-schema.ts path/to/inspect-openapi.json <commit>
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

const [source, commit = 'unknown'] = process.argv.slice(2);
if (!source) throw new Error('usage: vendor-inspect-schema.ts <inspect-openapi.json> [commit]');
const openapi = z.object({ components: z.object({ schemas: z.record(z.string(), z.unknown()) }) }).parse(JSON.parse(readFileSync(source, 'utf8')));
const schemas = openapi.components.schemas;

function refsOf(value: unknown, out: Set<string>): void {
  if (Array.isArray(value)) for (const item of value) refsOf(item, out);
  else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      if (key === '$ref' && typeof inner === 'string') out.add(inner.split('/').at(-1) ?? '');
      else if (key === 'mapping' && inner !== null && typeof inner === 'object') {
        for (const target of Object.values(inner as Record<string, unknown>)) if (typeof target === 'string') out.add(target.split('/').at(-1) ?? '');
      } else refsOf(inner, out);
    }
  }
}

const keep = new Set<string>();
const todo = ['EvalLog'];
while (todo.length > 0) {
  const name = todo.pop() ?? '';
  if (keep.has(name)) continue;
  if (!(name in schemas)) throw new Error(`schema ${name} is referenced but not defined`);
  keep.add(name);
  const found = new Set<string>();
  refsOf(schemas[name], found);
  todo.push(...found);
}

const defs = Object.fromEntries([...keep].sort().map((name) => [name, schemas[name]]));
const text = JSON.stringify(defs).replaceAll('#/components/schemas/', '#/$defs/');
const schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $comment: `Vendored from UKGovernmentBEIS/inspect_ai (MIT License), src/inspect_ai/_view/inspect-openapi.json at commit ${commit}: components.schemas.EvalLog and the definitions it references, with $refs rewritten to #/$defs. Regenerate with scripts/vendor-inspect-schema.ts.`,
  title: 'Inspect eval log (.json, version 2)',
  $ref: '#/$defs/EvalLog',
  $defs: JSON.parse(text) as unknown,
};
writeFileSync(new URL('../schema/vendor/inspect-log.schema.json', import.meta.url), `${JSON.stringify(schema, null, 1)}\n`);
console.log(`wrote ${keep.size} definitions`);
