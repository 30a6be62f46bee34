import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli, tempDir } from './imports.js';
import { writeTinySpec } from './tiny-spec.js';

beforeAll(assertBuilt);

const dir = tempDir();
const store = join(dir, 'store');
const bad = join(dir, 'bad.yaml');
writeFileSync(bad, 'apiVersion: zapsweep/v1\nkind: Sweep\nmetadata:\n  name: bad\nspec:\n  parameters:\n    zapevery: [0, 1]\n');
const tiny = writeTinySpec(dir);

describe('bad input: one clear message, exit code 2, no stack trace', () => {
  it.each([
    { name: 'spec file missing', args: ['validate', join(dir, 'nope.yaml')], code: 2, says: 'nope.yaml' },
    { name: 'invalid spec', args: ['validate', bad], code: 2, says: `${bad}:7:5: spec.parameters` },
    { name: 'invalid spec on run', args: ['run', bad], code: 2, says: 'did you mean "zapEvery"' },
    { name: 'unknown command', args: ['frobnicate'], code: 2, says: "unknown command 'frobnicate'" },
    { name: 'bad output format', args: ['results', 'x', '-o', 'xml'], code: 2, says: 'expected one of table, json, csv, found "xml"' },
    { name: 'bad parallelism', args: ['run', tiny, '-p', '0'], code: 2, says: 'expected a positive integer, found "0"' },
    { name: 'unknown sweep', args: ['results', 'no-such-sweep'], code: 2, says: 'no sweep "no-such-sweep"' },
    { name: 'resume of unknown sweep', args: ['resume', 'no-such-sweep'], code: 2, says: 'no sweep "no-such-sweep"' },
    { name: 'worker index out of range', args: ['worker', '--spec', tiny, '--index', '99'], code: 3, says: 'out of range' },
    { name: 'worker index not a number', args: ['worker', '--spec', tiny, '--index', 'x'], code: 2, says: '--index: expected a non-negative integer, found "x"' },
  ])('$name', async ({ args, code, says }) => {
    const r = await runCli(['--store', store, ...args]);
    expect(r.code).toBe(code);
    expect(r.stderr).toContain(says);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it('validate and expand agree on a good spec', async () => {
    const v = await runCli(['validate', tiny]);
    expect(v.code).toBe(0);
    expect(v.stdout).toContain('4 trials (2 configurations x 2 seeds)');
    const e = await runCli(['expand', tiny, '-o', 'json']);
    const trials = JSON.parse(e.stdout) as Array<{ index: number; seed: number }>;
    expect(trials.map((t) => [t.index, t.seed])).toEqual([[0, 0], [1, 0], [2, 1], [3, 1]]);
  });

  it('schema prints a JSON Schema', async () => {
    const r = await runCli(['schema']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveProperty('properties.spec');
  });
});
