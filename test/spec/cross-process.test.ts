import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { expand, expectedTrialDigest } from '../../src/spec/expand.js';
import { parseSpecText } from '../../src/spec/load.js';
import { withSpec } from './cases.js';

/*
 * Identity across processes: compile src/spec alone (with the error base it imports) (the repo build may be mid-change elsewhere)
 * into a scratch dir under node_modules/.cache (so `zod` etc. resolve), then expand the same spec
 * in two fresh Node processes and compare with this one.
 */
const root = join(import.meta.dirname, '../..');
const out = join(root, 'node_modules/.cache', `zapsweep-spec-${process.pid}`);
const text = withSpec(
  '  search: {kind: random, trials: 12, seed: 9}',
  '  parameters:',
  '    learningRate: {distribution: log-uniform, min: 0.0001, max: 0.1}',
  '    zapEvery: [0, 1, 4]',
  '  seeds: 3',
);

beforeAll(() => {
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'package.json'), '{"type":"module"}');
  writeFileSync(
    join(out, 'tsconfig.json'),
    JSON.stringify({
      extends: join(root, 'tsconfig.build.json'),
      compilerOptions: { rootDir: join(root, 'src'), outDir: out, sourceMap: false },
      include: [join(root, 'src/spec'), join(root, 'src/errors.ts')],
      exclude: [join(root, 'src/spec/**/*.test.ts')],
    }),
  );
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(out, 'tsconfig.json')], { stdio: 'pipe' });
});

afterAll(() => rmSync(out, { recursive: true, force: true }));

function expandInFreshProcess(): string {
  const script = `
    const { parseSpecText } = await import(${JSON.stringify(join(out, 'spec/load.js'))});
    const { expand, expectedTrialDigest } = await import(${JSON.stringify(join(out, 'spec/expand.js'))});
    const trials = expand(parseSpecText(process.env.SPEC_TEXT, 'x.yaml').sweep);
    process.stdout.write(JSON.stringify({ ids: trials.map((t) => t.trialId), digest: expectedTrialDigest(trials) }));
  `;
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, SPEC_TEXT: text }, encoding: 'utf8' });
}

test('two Node processes expand a spec to the same ids as this one', () => {
  const trials = expand(parseSpecText(text, 'x.yaml').sweep);
  const here = JSON.stringify({ ids: trials.map((t) => t.trialId), digest: expectedTrialDigest(trials) });
  const first = expandInFreshProcess();
  const second = expandInFreshProcess();
  expect(first).toBe(here);
  expect(second).toBe(here);
  expect(trials.length).toBeGreaterThan(9);
});
