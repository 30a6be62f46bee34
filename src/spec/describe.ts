/**
 * Phrases for error messages: what a schema expects ("a positive integer") and what a value is
 * ("-3", "\"adamw\"", "a list"). Expectations are read from the schema's JSON Schema (input side),
 * so they follow the schema without a second source of truth.
 */
import { z } from 'zod';
import type { SchemaNode } from './schema-walk.js';

type Json = Record<string, unknown>;

const SAFE_INT = Number.MAX_SAFE_INTEGER;

/** What `schema` accepts, as a phrase; undefined when it cannot say anything useful. */
export function describeExpected(schema: SchemaNode): string | undefined {
  let json: Json;
  try {
    json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  } catch {
    return undefined;
  }
  return describeJson(json);
}

function describeJson(json: Json): string | undefined {
  if (Array.isArray(json.anyOf) || Array.isArray(json.oneOf)) {
    const options = ((json.anyOf ?? json.oneOf) as Json[]).map(describeJson);
    if (options.some((o) => o === undefined)) return undefined;
    return joinOr(options as string[]);
  }
  if ('const' in json) return JSON.stringify(json.const);
  if (Array.isArray(json.enum)) return `one of ${joinOr(json.enum.map((v) => JSON.stringify(v)))}`;
  switch (json.type) {
    case 'integer':
    case 'number':
      return describeNumber(json, json.type === 'integer');
    case 'string':
      return 'a string';
    case 'boolean':
      return 'true or false';
    case 'array':
      return describeArray(json);
    case 'object':
      return 'a mapping';
    default:
      return undefined;
  }
}

function describeNumber(json: Json, integer: boolean): string {
  const noun = integer ? 'integer' : 'number';
  const num = (key: string): number | undefined => (typeof json[key] === 'number' ? (json[key]) : undefined);
  const min = num('minimum');
  const exMin = num('exclusiveMinimum');
  const max = num('maximum') === SAFE_INT ? undefined : num('maximum');
  const exMax = num('exclusiveMaximum');
  const hasMin = (min !== undefined && min !== -SAFE_INT) || exMin !== undefined;
  let head = integer ? 'an integer' : 'a number';
  let lower = '';
  if (exMin === 0) head = `a positive ${noun}`;
  else if (min === 0) head = `a non-negative ${noun}`;
  else if (min !== undefined && min !== -SAFE_INT && max !== undefined) return `${head} from ${min} to ${max}`;
  else if (hasMin) lower = exMin !== undefined ? ` greater than ${exMin}` : ` of at least ${min}`;
  const upper = max !== undefined ? ` up to ${max}` : exMax !== undefined ? ` below ${exMax}` : '';
  return `${head}${lower}${lower && upper ? ' and' : ''}${upper}`;
}

function describeArray(json: Json): string {
  const min = typeof json.minItems === 'number' ? json.minItems : 0;
  const items = json.items && typeof json.items === 'object' ? describeJson(json.items as Json) : undefined;
  const base = min === 1 ? 'a non-empty list' : min > 1 ? `a list of at least ${min} entries` : 'a list';
  return items === undefined ? base : `${base} of ${plural(items)}`;
}

/** "a positive integer" -> "positive integers"; other phrases are kept after "values: ". */
function plural(phrase: string): string {
  const m = /^an? (.*)$/.exec(phrase);
  if (m && !phrase.includes(' or ') && !phrase.includes(' to ') && !phrase.includes(' up to ')) return `${m[1]}s`;
  return `values (${phrase})`;
}

function joinOr(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

const MAX_SHOWN = 40;

/** What a value is, as a phrase: scalars verbatim (strings quoted), collections by kind. */
export function describeFound(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null (an empty value)';
  if (typeof value === 'string') {
    const shown = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value;
    return JSON.stringify(shown);
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (typeof value === 'object') return 'a mapping';
  return typeof value;
}
