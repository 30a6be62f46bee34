/** The chart's values: the test value sets, and validation of merged values as Helm does it (ajv). */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { parse } from 'yaml';
import { chartDir } from '../../support/helm-render/render.js';

const dir = resolve(import.meta.dirname, '../values');

export function valueSet(name: string): Record<string, unknown> {
  return parse(readFileSync(join(dir, `${name}.yaml`), 'utf8')) as Record<string, unknown>;
}

const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
const validate = ajv.compile(JSON.parse(readFileSync(join(chartDir, 'values.schema.json'), 'utf8')) as object);

const describe = (e: ErrorObject): string => {
  const at = e.instancePath === '' ? '(top level)' : e.instancePath.slice(1).replaceAll('/', '.');
  if (e.keyword === 'additionalProperties') return `${at}: unknown key "${String((e.params as { additionalProperty: string }).additionalProperty)}"`;
  // A pattern's regex says little to a person: say what was expected (the schema's description) and what was found.
  const expected = (e.parentSchema as { description?: string } | undefined)?.description;
  if (e.keyword === 'pattern' && expected !== undefined) return `${at}: must match pattern: expected ${expected}, found ${JSON.stringify(e.data)}`;
  return `${at}: ${e.message ?? e.keyword}`;
};

/** Problems of merged values against values.schema.json, one line each ("schedules.0.cron: must match pattern ..."). */
export function valuesProblems(values: unknown): string[] {
  return validate(values) ? [] : (validate.errors ?? []).map(describe);
}
