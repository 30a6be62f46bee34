/**
 * Which cluster: a kubeconfig file (--kubeconfig), else the usual places (KUBECONFIG,
 * ~/.kube/config, in-cluster service account), with --context. Which namespace: --namespace, else
 * spec.executor.namespace, else the context's namespace, else "default".
 */
import { KubeConfig } from '@kubernetes/client-node';
import { KubeConfigError } from './kube-errors.js';

export interface ClusterFlags {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
}

export function loadKubeConfig(flags: ClusterFlags): KubeConfig {
  const kc = new KubeConfig();
  try {
    if (flags.kubeconfig !== undefined) kc.loadFromFile(flags.kubeconfig);
    else kc.loadFromDefault();
  } catch (cause) {
    throw new KubeConfigError(`cannot read the kubeconfig${flags.kubeconfig === undefined ? '' : ` ${flags.kubeconfig}`}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
  if (flags.context !== undefined) {
    if (!kc.getContexts().some((c) => c.name === flags.context)) {
      throw new KubeConfigError(`--context: no context "${flags.context}" in the kubeconfig (known: ${kc.getContexts().map((c) => c.name).join(', ') || 'none'})`);
    }
    kc.setCurrentContext(flags.context);
  }
  if (kc.getCurrentCluster() === null) {
    throw new KubeConfigError('no Kubernetes cluster configured: set KUBECONFIG, create ~/.kube/config, pass --kubeconfig, or run in a cluster');
  }
  return kc;
}

export function resolveNamespace(kc: KubeConfig, flag: string | undefined, fromSpec: string | undefined): string {
  if (flag !== undefined) return flag;
  if (fromSpec !== undefined) return fromSpec;
  const ctx = kc.getContextObject(kc.getCurrentContext());
  return ctx?.namespace ?? 'default';
}
