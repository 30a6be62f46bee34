/** deploy/: every manifest is valid and strict; kustomization lists real files; the example renders. */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseAllDocuments, parse } from 'yaml';
import { renderSweep } from '../../src/executors/kubernetes/render/render-sweep.js';
import { expand, expectedTrialDigest } from '../../src/spec/expand.js';
import { loadSpecFile } from '../../src/spec/load.js';
import { manifestProblems } from './support/strict.js';

const deploy = resolve(import.meta.dirname, '../../deploy');
const files = ['namespace.yaml', 'rbac.yaml', 'nats.yaml'];

describe('deploy/*.yaml', () => {
  test.each(files)('%s: every document validates', (file) => {
    const docs = parseAllDocuments(readFileSync(join(deploy, file), 'utf8')).map((d) => d.toJS() as Record<string, unknown>);
    expect(docs.length).toBeGreaterThan(0);
    for (const doc of docs) expect(manifestProblems(doc), `${file}: ${String(doc['kind'])}`).toEqual([]);
  });

  test('kustomization.yaml names exactly these files', () => {
    const k = parse(readFileSync(join(deploy, 'kustomization.yaml'), 'utf8')) as { resources: string[] };
    expect(k.resources.sort()).toEqual([...files].sort());
    for (const r of k.resources) expect(existsSync(join(deploy, r))).toBe(true);
  });

  test('the Role grants what the controller calls, and nothing more', () => {
    const role = parseAllDocuments(readFileSync(join(deploy, 'rbac.yaml'), 'utf8')).map((d) => d.toJS() as { kind: string; rules?: Array<{ apiGroups: string[]; resources: string[]; verbs: string[] }> }).find((d) => d.kind === 'Role');
    const grants = Object.fromEntries((role?.rules ?? []).flatMap((r) => r.resources.map((res) => [res, [...r.verbs].sort()])));
    expect(grants).toEqual({
      jobs: ['create', 'delete', 'get', 'list', 'patch', 'watch'],
      configmaps: ['create', 'get', 'patch'],
      pods: ['get', 'list', 'watch'],
      'pods/log': ['get'],
    });
  });

  test('Dockerfiles build with npm ci --omit=dev and npm run build', () => {
    const cpu = readFileSync(join(deploy, 'Dockerfile'), 'utf8');
    expect(cpu).toMatch(/FROM node:20-slim AS build[\s\S]*npm run build[\s\S]*npm ci --omit=dev/);
    expect(readFileSync(join(deploy, 'Dockerfile.gpu'), 'utf8')).toMatch(/nvidia\/cuda[\s\S]*@tensorflow\/tfjs-node-gpu@4\.22\.0/);
  });

  test('examples/quick-k8s.yaml renders valid manifests', async () => {
    const loaded = await loadSpecFile(join(deploy, 'examples/quick-k8s.yaml'));
    const trials = expand(loaded.sweep);
    const x = loaded.sweep.spec.executor;
    if (x.kind !== 'kubernetes') throw new Error('expected a kubernetes executor');
    const r = renderSweep({ sweepId: 'quick-k8s', namespace: 'zapsweep', specText: loaded.text, version: '0.1.0', digest: expectedTrialDigest(trials), trialCount: trials.length, executor: x, retries: 2, trialTimeoutSeconds: 1200, natsUrl: x.natsUrl ?? '' });
    for (const o of [r.configMap, ...r.jobs]) expect(manifestProblems(o)).toEqual([]);
    expect(trials).toHaveLength(12);
  });
});
