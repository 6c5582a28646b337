import { writeFileSync } from 'node:fs';
import { configJsonSchema } from '../src/engine/config/config-json-schema.js';

// Regenerates schema/experiment.schema.json; a test fails if the committed file is stale.
writeFileSync(new URL('../schema/experiment.schema.json', import.meta.url), `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
console.log('wrote schema/experiment.schema.json');
