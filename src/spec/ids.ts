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
  return write(value, '$');
}

function write(value: unknown, where: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: non-finite number at ${where}`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value.map((item, i) => (item === undefined ? 'null' : write(item, `${where}[${i}]`))).join(',')}]`;
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record)
        .filter((k) => record[k] !== undefined)
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${keys.map((k) => `${JSON.stringify(k)}:${write(record[k], `${where}.${k}`)}`).join(',')}}`;
    }
    default:
      throw new TypeError(`canonicalJson: cannot represent a ${typeof value} at ${where}`);
  }
}

/** First 12 hex characters of the sha256 of `canonicalJson(value)`. */
export function shortHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, SHORT_HASH_LENGTH);
}
