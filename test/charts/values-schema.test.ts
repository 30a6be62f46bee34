/** values.schema.json: good values pass; bad ones fail with a message naming the value. */
import { Cron } from 'croner';
import { describe, expect, test } from 'vitest';
import { renderChart } from '../support/helm-render/render.js';
import { valuesProblems } from './support/values.js';

const defaults = renderChart().values;
const withValues = (extra: Record<string, unknown>): unknown => ({ ...defaults, ...extra });
const schedule = (s: Record<string, unknown>): unknown => withValues({ schedules: [{ name: 'nightly', cron: '0 2 * * *', specFile: 'sweeps/nightly.yaml', ...s }] });

describe('values.schema.json', () => {
  test('the defaults pass', () => {
    expect(valuesProblems(defaults)).toEqual([]);
  });

  test.each([
    { name: 'a wrong type', values: withValues({ workers: { ...(defaults['workers'] as object), gpus: 'one' } }), problem: 'workers.gpus: must be integer' },
    { name: 'an unknown top-level key', values: withValues({ schedule: [] }), problem: '(top level): unknown key "schedule"' },
    { name: 'an unknown nested key', values: withValues({ nats: { ...(defaults['nats'] as object), storageSize: '5Gi' } }), problem: 'nats: unknown key "storageSize"' },
    { name: 'a bad cron', values: schedule({ cron: '0 25 * * *' }), problem: 'schedules.0.cron: must match pattern: expected a 5-field cron expression (minute hour day-of-month month day-of-week) or @daily, @hourly, ..., found "0 25 * * *"' },
    { name: 'a cron with six fields', values: schedule({ cron: '0 0 2 * * *' }), problem: 'schedules.0.cron: must match pattern' },
    { name: 'a negative history limit', values: schedule({ successfulJobsHistoryLimit: -1 }), problem: 'schedules.0.successfulJobsHistoryLimit: must be >= 0' },
    { name: 'a negative failed-history limit', values: schedule({ failedJobsHistoryLimit: -3 }), problem: 'schedules.0.failedJobsHistoryLimit: must be >= 0' },
    { name: 'a bad concurrency policy', values: schedule({ concurrencyPolicy: 'Never' }), problem: 'schedules.0.concurrencyPolicy: must be equal to one of the allowed values' },
    { name: 'a schedule name that is not a DNS label', values: schedule({ name: 'Nightly Run' }), problem: 'schedules.0.name: must match pattern' },
    { name: 'an unknown schedule key', values: schedule({ timezone: 'Europe/Berlin' }), problem: 'schedules.0: unknown key "timezone"' },
    { name: 'a schedule with two specs', values: schedule({ existingConfigMap: { name: 'x', key: 'spec.yaml' } }), problem: 'schedules.0: must match exactly one schema in oneOf' },
    { name: 'a schedule without a cron', values: withValues({ schedules: [{ name: 'n', specFile: 'x.yaml' }] }), problem: "schedules.0: must have required property 'cron'" },
    { name: 'a bad webhook format', values: withValues({ webhook: { secretName: 'w', secretKey: 'url', format: 'teams' } }), problem: 'webhook.format: must be equal to one of the allowed values' },
    { name: 'an external URL that is not nats://', values: withValues({ nats: { ...(defaults['nats'] as object), external: { url: 'http://nats:4222', credentialsSecret: '', credentialsKey: 'k' } } }), problem: 'nats.external.url: must match pattern' },
  ])('rejects $name', ({ values, problem }) => {
    expect(valuesProblems(values).join('\n')).toContain(problem);
  });

  // The schema's cron pattern against a real cron parser: what it accepts parses, and the other way.
  test.each(['0 2 * * *', '*/15 * * * *', '30 1 * * 1-5', '0 0 1,15 * *', '0 3 * JAN-MAR MON', '@daily', '@weekly', '5 4 * * SUN', '0 0-23/2 * * *'])('accepts %s, and croner parses it', (cron) => {
    expect(valuesProblems(schedule({ cron }))).toEqual([]);
    expect(() => new Cron(cron, { paused: true })).not.toThrow();
  });

  test.each(['60 * * * *', '* 24 * * *', '* * 32 * *', '* * * 13 *', '* * * * 8', 'daily', '0 2 * *', '@every 1h'])('rejects %s', (cron) => {
    expect(valuesProblems(schedule({ cron })).join('\n')).toContain('schedules.0.cron');
  });
});
