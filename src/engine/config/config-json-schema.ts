import { z } from 'zod';
import { ExperimentConfigSchema } from './experiment-config.js';

interface JsonSchemaObject {
  properties?: Record<string, { items?: { properties?: { id?: unknown } } & Record<string, unknown> } & Record<string, unknown>>;
  [key: string]: unknown;
}

/**
 * The JSON Schema of experiment files as users write them (defaults optional), for editor completion.
 * A model may be written as a bare id string, which the zod preprocessing accepts but cannot express.
 */
export function configJsonSchema(): unknown {
  const schema = z.toJSONSchema(ExperimentConfigSchema, { io: 'input' }) as JsonSchemaObject;
  const models = schema.properties?.models;
  if (models?.items) {
    models.items = { anyOf: [models.items.properties?.id ?? { type: 'string' }, models.items] };
  }
  return { ...schema, title: 'Corrigible experiment' };
}
