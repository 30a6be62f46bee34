/**
 * `zapsweep render-schedule` (for clusters without Helm): valid, strict objects, and the same
 * CronJob as the chart renders for equivalent values (labels aside: the chart adds Helm's).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { manifestProblems, unknownFields } from '../kubernetes/support/strict.js';
import { assertBuilt, runCli } from '../support/cli.js';
import { renderChart } from '../support/helm-render/render.js';
import { valueSet } from './support/values.js';

type Obj = Record<string, unknown>;
const example = resolve(import.meta.dirname, '../../deploy/examples/quick-k8s.yaml');

/** The object with every `labels` mapping removed. */
const unlabelled = (v: unknown): unknown => (Array.isArray(v) ? v.map(unlabelled) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v as Obj).filter(([k]) => k !== 'labels').map(([k, x]) => [k, unlabelled(x)])) : v);

beforeAll(assertBuilt);

describe('zapsweep render-schedule', () => {
  test('prints a valid spec ConfigMap and CronJob, equal to the chart\'s', async () => {
    const r = await runCli(['render-schedule', example, '--cron', '0 2 * * *', '--time-zone', 'Europe/Berlin', '--fail-on-regression']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [cm, cj] = parseAllDocuments(r.stdout).map((d) => d.toJS() as Obj);
    expect(manifestProblems(cm ?? {})).toEqual([]);
    expect(unknownFields(cj, 'V1CronJob', 'CronJob')).toEqual([]);
    expect((cm?.['data'] as Record<string, string>)['spec.yaml']).toBe(readFileSync(example, 'utf8'));
    const chart = renderChart([valueSet('deploy-equivalent'), { schedules: [{ name: 'quick-k8s', cron: '0 2 * * *', timeZone: 'Europe/Berlin', failOnRegression: true, spec: parse(readFileSync(example, 'utf8')) as Obj }] }]);
    const chartCj = chart.objects.find((o) => o['kind'] === 'CronJob');
    expect(unlabelled(cj)).toEqual(unlabelled(chartCj));
  });

  test.each([
    { args: ['--cron', '0 25 * * *'], message: '--cron: "0 25 * * *" is not a cron expression' },
    { args: ['--cron', '0 2 * * *', '--time-zone', 'Mars/Olympus'], message: '--time-zone: "Mars/Olympus" is not a time zone' },
  ])('refuses $args', async ({ args, message }) => {
    const r = await runCli(['render-schedule', example, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});
