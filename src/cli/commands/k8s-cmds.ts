/**
 * Kubernetes commands: `render` (manifests as YAML, no cluster), and `pause` (suspend), `stop`
 * (parallelism 0: no new indexes; running pods are terminated and report as interrupted), `cancel`
 * (delete the Jobs, foreground; the ConfigMap goes with them). `run`/`resume` are the common ones
 * (sweep-cmds.ts): `resume` of a paused or stopped sweep un-suspends and restores parallelism.
 */
import { controlJobs, type ControlAction } from '../../executors/kubernetes/control.js';
import type { ClusterFlags } from '../../executors/kubernetes/kube-config.js';
import { renderSweep } from '../../executors/kubernetes/render/render-sweep.js';
import { toYaml } from '../../executors/kubernetes/render/yaml.js';
import { parseDuration } from '../../spec/duration.js';
import { expand, expectedTrialDigest } from '../../spec/expand.js';
import { loadSpecFile } from '../../spec/load.js';
import { zapsweepVersion } from '../../version.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';
import { clusterFlags, kubeApiFor, kubernetesSpec, podNatsUrl } from '../runners/kubernetes.js';

export async function renderCommand(ctx: CliContext, specFile: string, flags: { namespace?: string; sweepId?: string }): Promise<number> {
  const loaded = await loadSpecFile(specFile);
  const x = kubernetesSpec(loaded.sweep);
  const trials = expand(loaded.sweep);
  const r = renderSweep({
    sweepId: flags.sweepId ?? loaded.sweep.metadata.name,
    namespace: flags.namespace ?? x.namespace ?? 'default',
    specText: loaded.text,
    version: zapsweepVersion,
    digest: expectedTrialDigest(trials),
    trialCount: trials.length,
    executor: x,
    retries: loaded.sweep.spec.budget.retries,
    trialTimeoutSeconds: parseDuration(loaded.sweep.spec.budget.trialTimeout) / 1000,
    natsUrl: podNatsUrl(ctx, x),
  });
  ctx.stdout.write(toYaml([r.configMap, ...r.jobs]));
  return 0;
}

export type KubeControl = Exclude<ControlAction, 'resume'>;

export async function controlCommand(ctx: CliContext, action: KubeControl, sweepId: string, flags: ClusterFlags): Promise<number> {
  const record = await ctx.store.getSweep(sweepId);
  if (!record) throw new UsageError(`no sweep "${sweepId}" in ${ctx.store.root} (see: zapsweep ls)`);
  if (record.executor !== 'kubernetes') throw new UsageError(`${action}: sweep ${sweepId} runs on the ${record.executor} executor; ${action} applies to Kubernetes sweeps (locally, Ctrl-C stops and "zapsweep resume" continues)`);
  const loaded = await loadSpecFile(ctx.store.specPath(sweepId));
  const x = kubernetesSpec(loaded.sweep);
  const n = await controlJobs(kubeApiFor(x, clusterFlags(flags)), sweepId, action, x.parallelism);
  const what = { pause: 'suspended', stop: 'set to start no new pods', cancel: 'deleted (with their pods and ConfigMap)' }[action];
  ctx.stdout.write(n === 0 ? `no Jobs of ${sweepId} in the cluster\n` : `${sweepId}: ${n} Job(s) ${what}\n`);
  if (action === 'cancel' && n > 0) await ctx.store.updateStatus(sweepId, 'interrupted', Date.now());
  return n === 0 ? 1 : 0;
}
