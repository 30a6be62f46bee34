/**
 * pause (suspend), stop (parallelism 0: no new indexes; running pods are terminated and report as
 * interrupted), resume (un-suspend, restore parallelism), cancel (delete, foreground: the pods and
 * the ConfigMap go with the Jobs), applied to every Job of a sweep. Idempotent.
 */
import type { KubeApi } from './kube-api.js';
import { sweepSelector } from './render/labels.js';

export type ControlAction = 'pause' | 'resume' | 'stop' | 'cancel';

/** Returns how many Jobs it touched. `parallelism`: the spec's, restored on resume. */
export async function controlJobs(api: KubeApi, sweepId: string, action: ControlAction, parallelism?: number): Promise<number> {
  const jobs = (await api.listJobs(sweepSelector(sweepId))).items;
  for (const job of jobs) {
    const name = job.metadata?.name ?? '';
    const completions = job.spec?.completions ?? 1;
    switch (action) {
      case 'pause':
        await api.patchJob(name, { spec: { suspend: true } });
        break;
      case 'stop':
        await api.patchJob(name, { spec: { parallelism: 0 } });
        break;
      case 'resume':
        await api.patchJob(name, { spec: { suspend: false, parallelism: Math.min(parallelism ?? completions, completions) } });
        break;
      case 'cancel':
        await api.deleteJob(name);
        break;
    }
  }
  return jobs.length;
}
