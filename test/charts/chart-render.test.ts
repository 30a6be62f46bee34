/**
 * charts/zapsweep rendered (test/support/helm-render) with its defaults and the value sets:
 * the merged values pass values.schema.json, every object validates against the Kubernetes schemas
 * plus our strictness, and each schedule's spec loads as a zapsweep sweep whose Jobs render valid.
 */
import { describe, expect, test } from 'vitest';
import { renderSweep } from '../../src/executors/kubernetes/render/render-sweep.js';
import { expand, expectedTrialDigest } from '../../src/spec/expand.js';
import { parseSpecText } from '../../src/spec/load.js';
import { manifestProblems } from '../kubernetes/support/strict.js';
import { renderChart, RenderFailure } from '../support/helm-render/render.js';
import { chartObjectProblems } from './support/chart-strict.js';
import { valueSet, valuesProblems } from './support/values.js';

type Obj = Record<string, unknown>;
type Container = { name: string; args?: string[]; env?: Array<{ name: string; value?: string; valueFrom?: unknown }>; securityContext?: Obj; volumeMounts?: Array<{ name: string }> };
type PodSpec = { serviceAccountName?: string; securityContext?: Obj; containers: Container[]; volumes?: Array<{ name: string }> };
type CronJobObj = { metadata: { name: string; labels: Record<string, string> }; spec: { schedule: string; timeZone?: string; concurrencyPolicy: string; startingDeadlineSeconds: number; successfulJobsHistoryLimit: number; failedJobsHistoryLimit: number; suspend: boolean; jobTemplate: { spec: { template: { spec: PodSpec } } } } };

const kinds = (objs: Obj[]): string[] => objs.map((o) => `${String(o['kind'])}/${String((o['metadata'] as { name: string }).name)}`).sort();
const ofKind = <T>(objs: Obj[], kind: string): T[] => objs.filter((o) => o['kind'] === kind) as T[];
const env = (c: Container | undefined): Record<string, string> => Object.fromEntries((c?.env ?? []).map((e) => [e.name, e.value ?? 'from-secret']));

function specsOf(objs: Obj[]): Map<string, ReturnType<typeof parseSpecText>> {
  const out = new Map<string, ReturnType<typeof parseSpecText>>();
  for (const cm of ofKind<{ metadata: { name: string }; data: Record<string, string> }>(objs, 'ConfigMap')) {
    const text = cm.data['spec.yaml'];
    if (text !== undefined) out.set(cm.metadata.name, parseSpecText(text, cm.metadata.name));
  }
  return out;
}

const cases: Array<{ name: string; sets: string[]; objects: string[] }> = [
  { name: 'defaults', sets: [], objects: ['ConfigMap/zapsweep-nats-config', 'Role/zapsweep-controller', 'RoleBinding/zapsweep-controller', 'Secret/zapsweep-nats-auth', 'Service/zapsweep-nats', 'Service/zapsweep-nats-headless', 'ServiceAccount/zapsweep-controller', 'ServiceAccount/zapsweep-worker', 'StatefulSet/zapsweep-nats'] },
  { name: 'bundled NATS', sets: ['bundled-nats'], objects: ['ConfigMap/zapsweep-nats-config', 'ConfigMap/zapsweep-nightly-spec', 'CronJob/zapsweep-nightly', 'Role/zapsweep-controller', 'RoleBinding/zapsweep-controller', 'Service/zapsweep-nats', 'Service/zapsweep-nats-headless', 'ServiceAccount/zapsweep-controller', 'ServiceAccount/zapsweep-worker', 'StatefulSet/zapsweep-nats'] },
  { name: 'external NATS with credentials', sets: ['external-nats'], objects: ['ConfigMap/zapsweep-nightly-spec', 'CronJob/zapsweep-nightly', 'Role/zapsweep-controller', 'RoleBinding/zapsweep-controller', 'ServiceAccount/zapsweep-controller', 'ServiceAccount/zapsweep-worker'] },
  { name: 'Kueue + GPUs + node selector', sets: ['kueue-gpus'], objects: ['ConfigMap/zapsweep-gpu-nightly-spec', 'ConfigMap/zapsweep-nats-config', 'CronJob/zapsweep-gpu-nightly', 'Role/zapsweep-controller', 'RoleBinding/zapsweep-controller', 'Secret/zapsweep-nats-auth', 'Service/zapsweep-nats', 'Service/zapsweep-nats-headless', 'ServiceAccount/zapsweep-controller', 'ServiceAccount/zapsweep-worker', 'StatefulSet/zapsweep-nats'] },
  { name: 'two schedules, inline and file specs', sets: ['two-schedules'], objects: ['ConfigMap/zapsweep-nats-config', 'ConfigMap/zapsweep-nightly-spec', 'ConfigMap/zapsweep-weekly-lr-spec', 'CronJob/zapsweep-nightly', 'CronJob/zapsweep-weekly-lr', 'Role/zapsweep-controller', 'RoleBinding/zapsweep-controller', 'Secret/zapsweep-nats-auth', 'Service/zapsweep-nats', 'Service/zapsweep-nats-headless', 'ServiceAccount/zapsweep-controller', 'ServiceAccount/zapsweep-worker', 'StatefulSet/zapsweep-nats'] },
];

describe('charts/zapsweep renders valid, strict manifests', () => {
  test.each(cases)('$name', ({ sets, objects }) => {
    const r = renderChart(sets.map(valueSet));
    expect(valuesProblems(r.values)).toEqual([]);
    expect(kinds(r.objects)).toEqual(objects);
    for (const o of r.objects) expect(chartObjectProblems(o)).toEqual([]);
    // Every schedule's spec is a zapsweep sweep on Kubernetes whose own manifests are valid.
    for (const [name, loaded] of specsOf(r.objects)) {
      const x = loaded.sweep.spec.executor;
      expect(x.kind, name).toBe('kubernetes');
      if (x.kind !== 'kubernetes') continue;
      const trials = expand(loaded.sweep);
      const rs = renderSweep({ sweepId: `${loaded.sweep.metadata.name}-20261201`, namespace: 'zapsweep', specText: loaded.text, version: '0.1.0', digest: expectedTrialDigest(trials), trialCount: trials.length, executor: x, retries: 2, trialTimeoutSeconds: 1200, natsUrl: x.natsUrl ?? '' });
      for (const o of [rs.configMap, ...rs.jobs]) expect(manifestProblems(o)).toEqual([]);
    }
    expect(r.notes).toContain('zapsweep 0.1.0 is installed in namespace zapsweep');
  });

  test('CronJob defaults: Forbid, a starting deadline, history limits of 3; controller pods hardened', () => {
    const r = renderChart([valueSet('bundled-nats')]);
    const [cj] = ofKind<CronJobObj>(r.objects, 'CronJob');
    expect(cj?.spec).toMatchObject({ schedule: '0 2 * * *', concurrencyPolicy: 'Forbid', startingDeadlineSeconds: 3600, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 3, suspend: false });
    const pod = cj?.spec.jobTemplate.spec.template.spec;
    expect(pod?.serviceAccountName).toBe('zapsweep-controller');
    expect(pod?.securityContext).toMatchObject({ runAsNonRoot: true });
    expect(pod?.containers[0]?.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(pod?.containers[0]?.args).toEqual(['zapsweep', 'schedule', 'run', 'nightly', '/etc/zapsweep/schedule/spec.yaml', '--cron', '0 2 * * *']);
    expect(env(pod?.containers[0])).toMatchObject({ NATS_URL: 'nats://zapsweep-nats.zapsweep.svc:4222', NATS_USER: 'zapsweep-controller', NATS_PASSWORD: 'from-secret' });
    const sts = ofKind<{ spec: { template: { metadata: { annotations?: Record<string, string> }; spec: PodSpec }; volumeClaimTemplates: Array<{ spec: { storageClassName?: string; resources: { requests: { storage: string } } } }> } }>(r.objects, 'StatefulSet')[0];
    expect(sts?.spec.volumeClaimTemplates[0]?.spec).toMatchObject({ storageClassName: 'fast-ssd', resources: { requests: { storage: '50Gi' } } });
    expect(sts?.spec.template.metadata.annotations).toMatchObject({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '8222' });
    expect(sts?.spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true });
    // existingSecret given: the chart makes no Secret of its own.
    expect(ofKind(r.objects, 'Secret')).toEqual([]);
  });

  test('external NATS: no server, the controller gets the URL and a credentials file; the webhook URL from its Secret', () => {
    const r = renderChart([valueSet('external-nats')]);
    const cj = ofKind<CronJobObj>(r.objects, 'CronJob')[0];
    expect(cj?.spec.timeZone).toBe('Europe/Berlin');
    const c = cj?.spec.jobTemplate.spec.template.spec.containers[0];
    expect(env(c)).toMatchObject({ NATS_URL: 'nats://nats.shared.svc:4222', NATS_CREDS: '/etc/zapsweep/nats/controller.creds', ZAPSWEEP_WEBHOOK_URL: 'from-secret' });
    expect(c?.args).toEqual(['zapsweep', 'schedule', 'run', 'nightly', '/etc/zapsweep/schedule/spec.yaml', '--cron', '30 1 * * 1-5', '--time-zone', 'Europe/Berlin', '--fail-on-regression', '--webhook-format', 'slack']);
    const x = specsOf(r.objects).get('zapsweep-nightly-spec')?.sweep.spec.executor;
    expect(x).toMatchObject({ kind: 'kubernetes', natsUrl: 'nats://nats.shared.svc:4222', serviceAccountName: 'zapsweep-worker', namespace: 'zapsweep' });
  });

  test('Kueue + GPUs: the workers\' executor gets the queue, GPUs, node selector, tolerations and image', () => {
    const r = renderChart([valueSet('kueue-gpus')]);
    const x = specsOf(r.objects).get('zapsweep-gpu-nightly-spec')?.sweep.spec.executor;
    expect(x).toMatchObject({ kind: 'kubernetes', gpus: 1, queueName: 'team-gpu', backend: 'tensorflow', image: 'ghcr.io/example/zapsweep-gpu:0.1.0', nodeSelector: { 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB' }, resources: { requests: { cpu: '4', memory: '16Gi' } } });
  });

  test('two schedules: inline spec keeps its own executor fields; file spec gets the defaults; per-schedule CronJob settings', () => {
    const r = renderChart([valueSet('two-schedules')]);
    const cjs = ofKind<CronJobObj>(r.objects, 'CronJob');
    const weekly = cjs.find((c) => c.metadata.name === 'zapsweep-weekly-lr');
    expect(weekly?.spec).toMatchObject({ schedule: '@weekly', concurrencyPolicy: 'Replace', startingDeadlineSeconds: 600, successfulJobsHistoryLimit: 0, failedJobsHistoryLimit: 5, suspend: true });
    expect(weekly?.metadata.labels['zapsweep.io/schedule']).toBe('weekly-lr');
    const specs = specsOf(r.objects);
    expect(specs.get('zapsweep-weekly-lr-spec')?.sweep.spec.executor).toMatchObject({ kind: 'kubernetes', image: 'ghcr.io/example/zapsweep:0.1.0', parallelism: 2, serviceAccountName: 'zapsweep-worker' });
    expect(specs.get('zapsweep-nightly-spec')?.sweep.metadata.name).toBe('nightly');
    expect(r.notes).toMatch(/nightly: "0 2 \* \* \*" \(Europe\/Berlin\)/);
    expect(r.notes).toMatch(/weekly-lr: "@weekly", suspended/);
  });

  test.each([
    { name: 'external NATS without a URL', values: { nats: { bundled: false } }, message: 'nats.external.url' },
    { name: 'a spec file not in the chart', values: { schedules: [{ name: 'n', cron: '0 2 * * *', specFile: 'sweeps/missing.yaml' }] }, message: 'schedules[n].specFile: "sweeps/missing.yaml" is not a file in the chart' },
  ])('fails clearly: $name', ({ values, message }) => {
    expect(() => renderChart([values])).toThrow(RenderFailure);
    expect(() => renderChart([values])).toThrow(message);
  });
});

describe('the strictness catches what kubernetes-models lets through', () => {
  test.each([
    { name: 'an unknown CronJob field', edit: (cj: Obj) => Object.assign(cj['spec'] as Obj, { concurrency: 'Forbid' }), problem: 'unknown field' },
    { name: 'a bad name', edit: (cj: Obj) => Object.assign(cj['metadata'] as Obj, { name: 'Nightly_Run' }), problem: 'DNS-1123' },
    { name: 'no Helm labels', edit: (cj: Obj) => Object.assign(cj['metadata'] as Obj, { labels: {} }), problem: 'no app.kubernetes.io/instance label' },
  ])('$name', ({ edit, problem }) => {
    const cj = structuredClone(ofKind<Obj>(renderChart([valueSet('bundled-nats')]).objects, 'CronJob')[0] ?? {});
    edit(cj);
    expect(chartObjectProblems(cj).join('\n')).toContain(problem);
  });
});
