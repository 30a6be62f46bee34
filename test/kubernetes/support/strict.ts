/**
 * Manifest checks beyond `kubernetes-models` (which accepts unknown fields and bad names):
 * 1. the OpenAPI schema (kubernetes-models `validate()`);
 * 2. no unknown fields, walking the generated model types of @kubernetes/client-node;
 * 3. DNS-1123 names, label keys and values within their limits.
 */
import * as k8s from '@kubernetes/client-node';
import { ConfigMap, Namespace, Secret, Service, ServiceAccount } from 'kubernetes-models/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { StatefulSet } from 'kubernetes-models/apps/v1';
import { Role, RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { isDnsLabel } from '../../../src/executors/kubernetes/render/names.js';

type Validatable = { validate(): void };
const models: Record<string, { model: new (o: never) => Validatable; type: string }> = {
  'v1/ConfigMap': { model: ConfigMap, type: 'V1ConfigMap' },
  'v1/Namespace': { model: Namespace, type: 'V1Namespace' },
  'v1/Secret': { model: Secret, type: 'V1Secret' },
  'v1/Service': { model: Service, type: 'V1Service' },
  'v1/ServiceAccount': { model: ServiceAccount, type: 'V1ServiceAccount' },
  'batch/v1/Job': { model: Job, type: 'V1Job' },
  'apps/v1/StatefulSet': { model: StatefulSet, type: 'V1StatefulSet' },
  'rbac.authorization.k8s.io/v1/Role': { model: Role, type: 'V1Role' },
  'rbac.authorization.k8s.io/v1/RoleBinding': { model: RoleBinding, type: 'V1RoleBinding' },
};

type AttributeMap = Array<{ baseName: string; type: string }>;
const classes = k8s as unknown as Record<string, { getAttributeTypeMap?: () => AttributeMap } | undefined>;

/** Paths of fields the API type does not have. */
export function unknownFields(value: unknown, type: string, path = ''): string[] {
  if (value === null || value === undefined) return [];
  const array = /^Array<(.+)>$/.exec(type);
  if (array?.[1] !== undefined) {
    return Array.isArray(value) ? value.flatMap((v, i) => unknownFields(v, array[1] as string, `${path}[${i}]`)) : [`${path}: expected a list`];
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map?.[1] !== undefined) {
    if (typeof value !== 'object' || Array.isArray(value)) return [`${path}: expected a mapping`];
    return Object.entries(value).flatMap(([k, v]) => unknownFields(v, map[1] as string, `${path}.${k}`));
  }
  const cls = classes[type];
  if (cls?.getAttributeTypeMap === undefined) return []; // scalars, IntOrString, any
  if (typeof value !== 'object' || Array.isArray(value)) return [`${path}: expected an object (${type})`];
  const attrs = cls.getAttributeTypeMap();
  return Object.entries(value as Record<string, unknown>).flatMap(([key, v]) => {
    const attr = attrs.find((a) => a.baseName === key);
    return attr === undefined ? [`${path}.${key}: unknown field of ${type}`] : unknownFields(v, attr.type, `${path}.${key}`);
  });
}

const labelKey = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const labelValue = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function labelProblems(labels: unknown, where: string): string[] {
  if (labels === undefined) return [];
  return Object.entries(labels as Record<string, string>).flatMap(([k, v]) => [
    ...(labelKey.test(k) && (k.split('/').pop() ?? '').length <= 63 ? [] : [`${where}: bad label key "${k}"`]),
    ...(v.length <= 63 && labelValue.test(v) ? [] : [`${where}: bad label value "${v}" for ${k}`]),
  ]);
}

/** Every problem of one manifest; empty when it is valid. */
export function manifestProblems(obj: Record<string, unknown>): string[] {
  const apiVersion = String(obj['apiVersion']);
  const kind = String(obj['kind']);
  const entry = models[`${apiVersion}/${kind}`];
  if (entry === undefined) return [`no model for ${apiVersion} ${kind}`];
  const problems: string[] = [];
  try {
    new entry.model(obj as never).validate();
  } catch (err) {
    problems.push(`schema: ${err instanceof Error ? err.message : String(err)}`);
  }
  problems.push(...unknownFields(obj, entry.type, kind));
  const meta = (obj['metadata'] ?? {}) as { name?: string; labels?: unknown };
  if (meta.name === undefined || !isDnsLabel(meta.name)) problems.push(`${kind}: name "${String(meta.name)}" is not a DNS-1123 label`);
  problems.push(...labelProblems(meta.labels, `${kind}.metadata.labels`));
  const template = (obj['spec'] as { template?: { metadata?: { labels?: unknown } } } | undefined)?.template;
  problems.push(...labelProblems(template?.metadata?.labels, `${kind}.spec.template.metadata.labels`));
  return problems;
}
