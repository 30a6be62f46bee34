/**
 * Docs are code (STYLE.md habit 12): cheap checks that keep README honest. Every `zapsweep <command>`
 * it names is a command of the CLI; every key of its spec reference is a key of the spec's schema.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { sweepJsonSchema } from '../../src/spec/json-schema.js';
import { assertBuilt, cliEntry } from '../support/cli.js';

const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');

type Schema = { properties?: Record<string, Schema>; anyOf?: Schema[]; oneOf?: Schema[]; allOf?: Schema[]; items?: Schema; additionalProperties?: boolean | Schema };

/** The object schemas a value at this node may be (through anyOf/oneOf/allOf and array items). */
function objectsOf(node: Schema): Schema[] {
  const alternatives = [...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.allOf ?? [])].flatMap(objectsOf);
  const items = node.items ? objectsOf(node.items) : [];
  return [...(node.properties || typeof node.additionalProperties === 'object' ? [node] : []), ...alternatives, ...items];
}

/** Paths of the YAML keys that no schema alternative knows. Free-form maps (parameters, env) are not walked. */
function unknownKeys(value: unknown, node: Schema, path: string): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => unknownKeys(v, node, `${path}[${i}]`));
  if (typeof value !== 'object' || value === null) return [];
  const candidates = objectsOf(node);
  const out: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    const child = candidates.map((c) => c.properties?.[key] ?? (typeof c.additionalProperties === 'object' ? c.additionalProperties : undefined)).find((c) => c !== undefined);
    if (!child) out.push(`${path}.${key}`);
    else if (!(path === 'spec' && key === 'parameters')) out.push(...unknownKeys(v, child, `${path}.${key}`));
  }
  return out;
}

describe('README', () => {
  beforeAll(() => assertBuilt());

  it('names only commands the CLI has', () => {
    const help = execFileSync(process.execPath, [cliEntry, '--help'], { encoding: 'utf8' });
    const commands = new Set([...help.matchAll(/^ {2}([a-z][a-z-]*)\b/gm)].map((m) => m[1]));
    // Invocations: `npx zapsweep ...`, inline code `zapsweep ...`, and sh-block lines `zapsweep ...`;
    // the command word follows the global options, if any.
    const shLines = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => (m[1] ?? '').split('\n'));
    const invocations = [...readme.matchAll(/(?:npx |`)zapsweep [^`\n]*/g)].map((m) => m[0]).concat(shLines.filter((l) => l.startsWith('zapsweep ')));
    const command = (text: string): string | undefined => /zapsweep (?:--?[a-z-]+(?: [^\s`-][^\s`]*)? )*([a-z][a-z-]+)/.exec(text)?.[1];
    const named = new Set(invocations.map(command).filter((c): c is string => c !== undefined));
    expect(named.size).toBeGreaterThan(10);
    expect([...named].filter((c) => !commands.has(c))).toEqual([]);
  });

  it('its spec reference uses only keys the schema has', () => {
    const section = readme.slice(readme.indexOf('## Sweep spec reference'));
    const block = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    expect(block, 'the spec reference YAML block').toBeDefined();
    const reference: unknown = parse(block ?? '');
    expect(unknownKeys(reference, sweepJsonSchema() as Schema, '')).toEqual([]);
  });
});
