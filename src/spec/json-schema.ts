import { z } from 'zod';
import { sweepSchema } from './schema.js';

export const SWEEP_SCHEMA_ID = 'https://zapsweep.dev/schema/sweep-v1.json';

/**
 * JSON Schema (draft 2020-12) of a sweep spec for editors (`zapsweep schema`). Input side:
 * keys with defaults are optional.
 */
export function sweepJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(sweepSchema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: SWEEP_SCHEMA_ID,
    title: 'zapsweep Sweep (apiVersion zapsweep/v1)',
    description: 'A hyperparameter sweep over weight-resampling ("zapping") continual-learning experiments.',
    ...withoutKeys(schema, ['$schema']),
  };
}

function withoutKeys(record: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => !keys.includes(k)));
}
