import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { parseDuration } from '../../src/spec/duration.js';
import { canonicalJson, shortHash } from '../../src/spec/ids.js';
import { sweepJsonSchema } from '../../src/spec/json-schema.js';

describe('canonicalJson', () => {
  test.each([
    { value: { b: 1, a: [3, { d: null, c: 'x' }] }, json: '{"a":[3,{"c":"x","d":null}],"b":1}' },
    { value: { z: undefined, y: true }, json: '{"y":true}' },
    { value: [1.5, -0, 1e-7], json: '[1.5,0,1e-7]' },
    { value: 'é"', json: '"é\\""' },
  ])('$json', ({ value, json }) => expect(canonicalJson(value)).toBe(json));

  test('rejects values that have no stable JSON', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow('non-finite number at $.a');
    expect(() => canonicalJson([1n])).toThrow('bigint');
  });

  test('shortHash is the first 12 hex characters of sha256(canonicalJson)', () => {
    const expected = createHash('sha256').update('{"a":1,"b":2}').digest('hex').slice(0, 12);
    expect(shortHash({ b: 2, a: 1 })).toBe(expected);
  });
});

test.each([
  { d: 90, millis: 90_000 },
  { d: '90s', millis: 90_000 },
  { d: '10m', millis: 600_000 },
  { d: '2h', millis: 7_200_000 },
  { d: '1.5h', millis: 5_400_000 },
  { d: '250ms', millis: 250 },
])('parseDuration($d)', ({ d, millis }) => expect(parseDuration(d)).toBe(millis));

test('parseDuration rejects what the schema rejects', () => {
  expect(() => parseDuration('10 minutes')).toThrow(RangeError);
  expect(() => parseDuration(-1)).toThrow(RangeError);
});

test('JSON Schema for editors: input side, titled', () => {
  const schema = sweepJsonSchema() as { $schema: string; title: string; required: string[]; properties: Record<string, { required?: string[] }> };
  expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  expect(schema.title).toContain('zapsweep');
  expect(schema.required).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
  expect(schema.properties.spec?.required ?? []).toEqual([]); // everything under spec has a default
  expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
});
