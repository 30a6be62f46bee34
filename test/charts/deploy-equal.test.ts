/**
 * One source of truth, kept by this test: the chart, under test/charts/values/deploy-equivalent.yaml,
 * renders exactly the objects of deploy/ (RBAC, NATS), once the four release labels Helm adds
 * (helm.sh/chart, app.kubernetes.io/instance, version, managed-by) are set aside. deploy/'s
 * Namespace has no chart counterpart: Helm installs into `--namespace --create-namespace`.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { renderChart } from '../support/helm-render/render.js';
import { valueSet } from './support/values.js';

type Obj = Record<string, unknown>;
const deploy = resolve(import.meta.dirname, '../../deploy');
const releaseLabels = ['helm.sh/chart', 'app.kubernetes.io/instance', 'app.kubernetes.io/version', 'app.kubernetes.io/managed-by'];

/** The object without Helm's release labels, wherever labels or selectors appear. */
function withoutReleaseLabels(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => withoutReleaseLabels(v));
  if (value === null || typeof value !== 'object') return value;
  const isLabels = key === 'labels' || key === 'matchLabels' || key === 'selector';
  return Object.fromEntries(Object.entries(value as Obj).filter(([k]) => !(isLabels && releaseLabels.includes(k))).map(([k, v]) => [k, withoutReleaseLabels(v, k)]));
}

const id = (o: Obj): string => `${String(o['kind'])}/${String((o['metadata'] as { name: string }).name)}`;
const byId = (objs: Obj[]): Record<string, unknown> => Object.fromEntries(objs.map((o) => [id(o), withoutReleaseLabels(o)]));

describe('charts/zapsweep = deploy/ for equivalent values', () => {
  const fromDeploy = ['rbac.yaml', 'nats.yaml'].flatMap((f) => parseAllDocuments(readFileSync(join(deploy, f), 'utf8')).map((d) => d.toJS() as Obj));
  const fromChart = renderChart([valueSet('deploy-equivalent')], { release: 'zapsweep', namespace: 'zapsweep' }).objects;

  test('the same objects', () => {
    expect(Object.keys(byId(fromChart)).sort()).toEqual(Object.keys(byId(fromDeploy)).sort());
  });

  test.each(fromDeploy.map(id))('%s is identical', (name) => {
    expect(byId(fromChart)[name]).toEqual(byId(fromDeploy)[name]);
  });

  test('the release labels are all the chart adds', () => {
    for (const o of fromChart) {
      const labels = (o['metadata'] as { labels: Record<string, string> }).labels;
      for (const l of releaseLabels) expect(labels[l], `${id(o)} ${l}`).toBeDefined();
    }
  });
});
