/**
 * Kubernetes commands: `render` (manifests as YAML, no cluster), `run`/`resume` of a sweep whose
 * executor is kubernetes, and `pause` (suspend), `stop` (parallelism 0: no new indexes; running
 * pods are terminated and report as interrupted), `cancel` (delete the Jobs, foreground; the
 * ConfigMap goes with them). `resume` of a paused or stopped sweep un-suspends and restores
 * parallelism, then follows the sweep to its end.
 */
import type { ClusterFlags } from '../../executors/kubernetes/kube-config.js';
import { sweepSelector } from '../../executors/kubernetes/render/labels.js';
import { renderSweep } from '../../executors/kubernetes/render/render-sweep.js';
import { toYaml } from '../../executors/kubernetes/render/yaml.js';
import { parseDuration } from '../../spec/duration.js';
import { expand, expectedTrialDigest } from '../../spec/expand.js';
import { loadSpecFile } from '../../spec/load.js';
import type { SweepRecord } from '../../store/types.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';
import { kubeApiFor, kubernetesSpec, podNatsUrl, runKubernetesSession, zapsweepVersion } from '../k8s-session.js';
import { printResults, type OutputFormat } from '../output.js';
import { newSweepRecord, resumeCommand, runCommand, type RunFlags } from './sweep-cmds.js';
import { withRunIdentity } from '../../schedule/run-identity.js';

export type KubeRunFlags = RunFlags & ClusterFlags;

function cluster(flags: ClusterFlags): ClusterFlags {
  return {
    ...(flags.kubeconfig === undefined ? {} : { kubeconfig: flags.kubeconfig }),
    ...(flags.context === undefined ? {} : { context: flags.context }),
    ...(flags.namespace === undefined ? {} : { namespace: flags.namespace }),
  };
}

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

/** `run`: the Kubernetes session when the spec says so, else the local one. */
export async function runAnywhere(ctx: CliContext, specFile: string, flags: KubeRunFlags): Promise<number> {
  const loaded = await loadSpecFile(specFile);
  if (loaded.sweep.spec.executor.kind !== 'kubernetes') return runCommand(ctx, specFile, flags);
  const x = kubernetesSpec(loaded.sweep);
  podNatsUrl(ctx, x); // fail before creating anything
  const trials = expand(loaded.sweep);
  const record = withRunIdentity(newSweepRecord(loaded, trials.length, specFile, Date.now()), flags);
  await ctx.store.createSweep(record, loaded.text);
  return follow(ctx, record, flags, false);
}

/** `resume`: a Kubernetes sweep is un-paused and followed again; a local one resumes locally. */
export async function resumeAnywhere(ctx: CliContext, sweepId: string, flags: KubeRunFlags): Promise<number> {
  const record = await ctx.store.getSweep(sweepId);
  if (!record || record.executor !== 'kubernetes') return resumeCommand(ctx, sweepId, flags);
  return follow(ctx, record, flags, true);
}

async function follow(ctx: CliContext, record: SweepRecord, flags: KubeRunFlags, resuming: boolean): Promise<number> {
  const text = await ctx.store.specText(record.id);
  const loaded = await loadSpecFile(ctx.store.specPath(record.id));
  if (loaded.digest !== record.specDigest) throw new UsageError(`the stored spec of ${record.id} no longer matches its digest; it was edited after the sweep started`);
  const out = flags.output === 'table' ? ctx.stdout : ctx.stderr;
  const log = (line: string): void => void out.write(line + '\n');
  if (resuming) {
    const changed = await control(ctx, 'resume', record.id, flags);
    log(`resuming ${record.id} (${changed} Job(s) un-paused)`);
  }
  const trials = expand(loaded.sweep);
  const result = await runKubernetesSession(ctx, { record, sweep: loaded.sweep, specText: text, trials, log, cluster: cluster(flags) });
  printResults(ctx, result.results, flags.output);
  const t = result.results.sweep.trials;
  if (result.status === 'interrupted') {
    ctx.stderr.write(`detached: ${t.succeeded}/${t.total} trials done; the Jobs keep running. Re-attach with: zapsweep resume ${record.id}\n`);
    return 130;
  }
  if (flags.output === 'table') ctx.stdout.write(`\nresults: zapsweep results ${record.id} -o json\n`);
  return t.failed > 0 ? 1 : 0;
}

export type ControlAction = 'pause' | 'resume' | 'stop' | 'cancel';

/** Applies `action` to every Job of the sweep; returns how many Jobs it touched. */
export async function control(ctx: CliContext, action: ControlAction, sweepId: string, flags: ClusterFlags): Promise<number> {
  const record = await ctx.store.getSweep(sweepId);
  if (!record) throw new UsageError(`no sweep "${sweepId}" in ${ctx.store.root} (see: zapsweep ls)`);
  if (record.executor !== 'kubernetes') throw new UsageError(`${action}: sweep ${sweepId} runs on the ${record.executor} executor; ${action} applies to Kubernetes sweeps (locally, Ctrl-C stops and "zapsweep resume" continues)`);
  const loaded = await loadSpecFile(ctx.store.specPath(sweepId));
  const x = kubernetesSpec(loaded.sweep);
  const api = kubeApiFor(x, cluster(flags));
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
        await api.patchJob(name, { spec: { suspend: false, parallelism: Math.min(x.parallelism ?? completions, completions) } });
        break;
      case 'cancel':
        await api.deleteJob(name);
        break;
    }
  }
  return jobs.length;
}

export async function controlCommand(ctx: CliContext, action: Exclude<ControlAction, 'resume'>, sweepId: string, flags: ClusterFlags): Promise<number> {
  const n = await control(ctx, action, sweepId, flags);
  const what = { pause: 'suspended', stop: 'set to start no new pods', cancel: 'deleted (with their pods and ConfigMap)' }[action];
  ctx.stdout.write(n === 0 ? `no Jobs of ${sweepId} in the cluster\n` : `${sweepId}: ${n} Job(s) ${what}\n`);
  if (action === 'cancel' && n > 0) await ctx.store.updateStatus(sweepId, 'interrupted', Date.now());
  return n === 0 ? 1 : 0;
}

export type { OutputFormat };

type Runner = (action: (ctx: CliContext) => Promise<number> | number) => Promise<void>;
interface CommandLike {
  name(): string;
  option(flags: string, description: string): CommandLike;
  action(fn: (...args: never[]) => void | Promise<void>): CommandLike;
  command(name: string): CommandLike;
  description(text: string): CommandLike;
  argument(name: string, description?: string): CommandLike;
  readonly commands: readonly CommandLike[];
}

function clusterOptions(c: CommandLike): CommandLike {
  return c
    .option('--kubeconfig <file>', 'kubeconfig file (default: KUBECONFIG, ~/.kube/config, or in-cluster)')
    .option('--context <name>', 'kubeconfig context')
    .option('--namespace <ns>', 'namespace (default: spec.executor.namespace, else the context\'s)');
}

/**
 * Adds the Kubernetes commands, and teaches `run` and `resume` the cluster flags: a sweep whose
 * executor is kubernetes goes to the Kubernetes session, any other to the local one unchanged.
 */
export function registerKubernetesCommands(program: CommandLike, run: Runner): void {
  for (const c of program.commands) {
    if (c.name() === 'run') clusterOptions(c).action((spec: string, o: KubeRunFlags) => run((ctx) => runAnywhere(ctx, spec, o)));
    if (c.name() === 'resume') clusterOptions(c).action((id: string, o: KubeRunFlags) => run((ctx) => resumeAnywhere(ctx, id, o)));
  }
  program
    .command('render')
    .description('print the Kubernetes manifests of a sweep as YAML (no cluster needed)')
    .argument('<spec>', 'sweep spec (YAML) with executor kind kubernetes')
    .option('--namespace <ns>', 'namespace written into the manifests')
    .option('--sweep-id <id>', 'sweep id to name the objects after (default: metadata.name)')
    .action((spec: string, o: { namespace?: string; sweepId?: string }) => run((ctx) => renderCommand(ctx, spec, o)));
  const actions: Array<[Exclude<ControlAction, 'resume'>, string]> = [
    ['pause', 'suspend a Kubernetes sweep\'s Jobs (running pods stop; "zapsweep resume" continues)'],
    ['stop', 'start no new pods for a Kubernetes sweep ("zapsweep resume" continues)'],
    ['cancel', 'delete a Kubernetes sweep\'s Jobs, pods and ConfigMap (results so far stay in the store)'],
  ];
  for (const [name, text] of actions) {
    clusterOptions(program.command(name).description(text).argument('<sweepId>')).action((id: string, o: ClusterFlags) => run((ctx) => controlCommand(ctx, name, id, o)));
  }
}
