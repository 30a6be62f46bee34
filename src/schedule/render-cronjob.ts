/**
 * `zapsweep render-schedule`: the objects of one schedule for users without Helm (pure): the spec
 * ConfigMap and a CronJob running `zapsweep schedule run`, shaped as charts/zapsweep renders them
 * (Forbid, a starting deadline, history limits, a hardened non-root pod with the controller's
 * ServiceAccount from deploy/rbac.yaml).
 */
import type { KubeObject } from '../executors/kubernetes/render/types.js';

export interface CronJobInput {
  schedule: string;
  cron: string;
  timeZone?: string;
  namespace: string;
  image: string;
  imagePullPolicy?: string;
  specText: string;
  natsUrl: string;
  serviceAccountName: string;
  failOnRegression?: boolean;
  /** A Secret holding the webhook URL (key `url`). */
  webhookSecret?: string;
  webhookFormat?: 'generic' | 'slack';
  startingDeadlineSeconds?: number;
}

const SPEC_DIR = '/etc/zapsweep/schedule';

export function renderScheduleObjects(i: CronJobInput): KubeObject[] {
  const name = `zapsweep-${i.schedule}`.slice(0, 52).replace(/-+$/, '');
  const labels = { 'app.kubernetes.io/name': 'zapsweep', 'app.kubernetes.io/component': 'schedule', 'zapsweep.io/schedule': i.schedule };
  const args = ['zapsweep', 'schedule', 'run', i.schedule, `${SPEC_DIR}/spec.yaml`, '--cron', i.cron, ...(i.timeZone === undefined ? [] : ['--time-zone', i.timeZone]), ...(i.failOnRegression === true ? ['--fail-on-regression'] : []), ...(i.webhookSecret === undefined ? [] : ['--webhook-format', i.webhookFormat ?? 'generic'])];
  const env = [
    { name: 'NATS_URL', value: i.natsUrl },
    ...(i.webhookSecret === undefined ? [] : [{ name: 'ZAPSWEEP_WEBHOOK_URL', valueFrom: { secretKeyRef: { name: i.webhookSecret, key: 'url' } } }]),
    { name: 'ZAPSWEEP_HOME', value: '/tmp/zapsweep' },
  ];
  const configMap: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${name}-spec`, namespace: i.namespace, labels }, data: { 'spec.yaml': i.specText } };
  const cronJob: KubeObject = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace: i.namespace, labels },
    spec: {
      schedule: i.cron,
      ...(i.timeZone === undefined ? {} : { timeZone: i.timeZone }),
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: i.startingDeadlineSeconds ?? 3600,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 3,
      suspend: false,
      jobTemplate: {
        metadata: { labels },
        spec: {
          backoffLimit: 0,
          template: {
            metadata: { labels },
            spec: {
              serviceAccountName: i.serviceAccountName,
              restartPolicy: 'Never',
              securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } },
              containers: [{
                name: 'controller',
                image: i.image,
                imagePullPolicy: i.imagePullPolicy ?? 'IfNotPresent',
                args,
                env,
                resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1Gi' } },
                securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
                volumeMounts: [{ name: 'spec', mountPath: SPEC_DIR, readOnly: true }, { name: 'tmp', mountPath: '/tmp' }],
              }],
              volumes: [{ name: 'spec', configMap: { name: `${name}-spec` } }, { name: 'tmp', emptyDir: {} }],
            },
          },
        },
      },
    },
  };
  return [configMap, cronJob];
}
