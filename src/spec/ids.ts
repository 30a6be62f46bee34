/**
 * Identity (DESIGN.md, "Contracts: Identity"): ids are short hashes of canonical JSON, so every
 * process that expands the same spec computes the same ids.
 */
import { createHash } from 'node:crypto';

/** Hex characters kept from a sha256 digest: 48 bits, ample for the trials of any sweep. */
export const SHORT_HASH_LENGTH = 12;

/**
 * JSON with object keys sorted (by UTF-16 code units), recursively; arrays keep their order;
 * `undefined` properties are left out. Throws on values JSON cannot represent faithfully
 * (non-finite numbers, bigint, functions), since an id built from them would not be stable.
 */
export function canonicalJson(value: unknown): string {
  try {
    return write(value);
  } catch (err) {
    // The path of the offending value is found only on failure: building it for every element
    // made expansion of large sweeps several times slower.
    if (err instanceof CanonicalJsonError) throw new TypeError(`canonicalJson: ${err.what} at ${locateBad(value, '$') ?? '$'}`);
    throw err;
  }
}

class CanonicalJsonError extends Error {
  constructor(readonly what: string) {
    super(what);
  }
}

function write(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError('non-finite number');
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          out += (i === 0 ? '' : ',') + (item === undefined ? 'null' : write(item));
        }
        return `${out}]`;
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record)
        .filter((k) => record[k] !== undefined)
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${keys.map((k) => `${JSON.stringify(k)}:${write(record[k])}`).join(',')}}`;
    }
    default:
      throw new CanonicalJsonError(`cannot represent a ${typeof value}`);
  }
}

/** The path of the first value `write` rejects, or undefined. */
function locateBad(value: unknown, where: string): string | undefined {
  if (value === null) return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : where;
  if (typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value !== 'object') return where;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const bad = item === undefined ? undefined : locateBad(item, `${where}[${i}]`);
      if (bad !== undefined) return bad;
    }
    return undefined;
  }
  const record = value as Record<string, unknown>;
  for (const k of Object.keys(record).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const bad = record[k] === undefined ? undefined : locateBad(record[k], `${where}.${k}`);
    if (bad !== undefined) return bad;
  }
  return undefined;
}

/** First 12 hex characters of the sha256 of `canonicalJson(value)`. */
export function shortHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, SHORT_HASH_LENGTH);
}
