/**
 * Creating a sweep's objects, idempotently (Katib: "already exists" is a normal outcome):
 * 1. the ConfigMap (pods need it to start); 409 -> adopt it if it is this sweep's, same digest;
 * 2. each Job; 409 -> adopt it after checking its sweep label, sweep id and digest;
 * 3. the ConfigMap's ownerReference to the first Job (its uid exists only now), so deleting the
 *    Jobs garbage-collects it.
 */
import type { V1ConfigMap, V1Job } from '@kubernetes/client-node';
import type { KubeApi } from './kube-api.js';
import { KubeConfigError, isConflict, toKubeError } from './kube-errors.js';
import { annotationKeys, labelKeys } from './render/labels.js';
import { labelValue } from './render/names.js';
import { DIGEST_KEY } from './render/job.js';
import type { KubeObject, RenderedSweep, Shard } from './render/types.js';

export interface Submitted {
  jobs: Array<{ name: string; uid: string; offset: number; adopted: boolean }>;
  configMapAdopted: boolean;
}

export async function submitSweep(api: KubeApi, sweepId: string, digest: string, r: RenderedSweep): Promise<Submitted> {
  // 1. ConfigMap
  const configMapAdopted = await createOrAdopt(
    () => api.createConfigMap(r.configMap),
    () => api.readConfigMap(r.configMap.metadata.name),
    (existing: V1ConfigMap) => check(existing.metadata?.labels, existing.metadata?.annotations, existing.data?.[DIGEST_KEY], sweepId, digest, `ConfigMap ${r.configMap.metadata.name}`),
  );
  // 2. Jobs
  const jobs = await submitJobs(api, sweepId, digest, r.jobs, r.shards);
  // 3. owner
  const owner = jobs[0];
  if (owner !== undefined && owner.uid !== '') {
    const cm = await api.readConfigMap(r.configMap.metadata.name);
    if (!(cm.metadata?.ownerReferences ?? []).some((o) => o.uid === owner.uid)) {
      await api.patchConfigMap(r.configMap.metadata.name, {
        // No blockOwnerDeletion: setting it needs update on jobs/finalizers (OwnerReferencesPermissionEnforcement).
        metadata: { ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: owner.name, uid: owner.uid }] },
      });
    }
  }
  return { jobs, configMapAdopted };
}

/** Creates (or adopts) Jobs of a sweep whose ConfigMap exists: step 2 above; a race's later rounds. */
export async function submitJobs(api: KubeApi, sweepId: string, digest: string, jobs: readonly KubeObject[], shards: readonly Shard[]): Promise<Submitted['jobs']> {
  const out: Submitted['jobs'] = [];
  for (const [i, job] of jobs.entries()) {
    let created: V1Job | undefined;
    const adopted = await createOrAdopt(
      async () => (created = await api.createJob(job)),
      async () => (created = await api.readJob(job.metadata.name)),
      (existing: V1Job) => check(existing.metadata?.labels, existing.metadata?.annotations, existing.metadata?.annotations?.[annotationKeys.digest], sweepId, digest, `Job ${job.metadata.name}`),
    );
    out.push({ name: job.metadata.name, uid: created?.metadata?.uid ?? '', offset: shards[i]?.offset ?? 0, adopted });
  }
  return out;
}

async function createOrAdopt<T>(create: () => Promise<T>, read: () => Promise<T>, verify: (existing: T) => void): Promise<boolean> {
  try {
    await create();
    return false;
  } catch (err) {
    const e = toKubeError(err, 'create');
    if (!isConflict(e)) throw e;
  }
  verify(await read());
  return true;
}

function check(labels: Record<string, string> | undefined, annotations: Record<string, string> | undefined, theirDigest: string | undefined, sweepId: string, digest: string, what: string): void {
  if (labels?.[labelKeys.sweepId] !== labelValue(sweepId) || annotations?.[annotationKeys.sweepId] !== sweepId) {
    throw new KubeConfigError(`${what} already exists and belongs to another sweep (${annotations?.[annotationKeys.sweepId] ?? labels?.[labelKeys.sweepId] ?? 'no sweep label'}); delete it or choose another sweep name`);
  }
  if (theirDigest !== digest) {
    throw new KubeConfigError(`${what} of sweep ${sweepId} expects trial digest ${theirDigest ?? 'none'}, but this spec expands to ${digest}: the spec changed after the sweep was submitted`);
  }
}

export type { KubeObject };
