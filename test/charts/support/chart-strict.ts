/**
 * Our strictness for the chart's rendered objects, beyond `kubernetes-models` (which accepts
 * unknown fields and bad names): the OpenAPI schema, no unknown fields (the client's model types),
 * DNS-1123 names, valid labels, Helm's label conventions, a namespace on every object.
 */
import { CronJob } from 'kubernetes-models/batch/v1';
import { isDnsLabel } from '../../../src/executors/kubernetes/render/names.js';
import { manifestProblems, unknownFields } from '../../kubernetes/support/strict.js';

type Validatable = { validate(): void };
/** Kinds the chart has that deploy/ does not (strict.ts checks the others). */
const extra: Record<string, { model: new (o: never) => Validatable; type: string }> = {
  'batch/v1/CronJob': { model: CronJob, type: 'V1CronJob' },
};

const helmLabels = ['app.kubernetes.io/name', 'app.kubernetes.io/instance', 'app.kubernetes.io/managed-by', 'helm.sh/chart'];

/** Every problem of one rendered object; empty when it is valid. */
export function chartObjectProblems(obj: Record<string, unknown>): string[] {
  const kind = String(obj['kind']);
  const meta = (obj['metadata'] ?? {}) as { name?: string; namespace?: string; labels?: Record<string, string> };
  const where = `${kind} ${String(meta.name)}`;
  const problems: string[] = [];
  const entry = extra[`${String(obj['apiVersion'])}/${kind}`];
  if (entry === undefined) problems.push(...manifestProblems(obj));
  else {
    try {
      new entry.model(obj as never).validate();
    } catch (err) {
      problems.push(`schema: ${err instanceof Error ? err.message : String(err)}`);
    }
    problems.push(...unknownFields(obj, entry.type, kind));
    if (meta.name === undefined || !isDnsLabel(meta.name)) problems.push(`${where}: name is not a DNS-1123 label`);
    // Their own labels go through manifestProblems' checks via a stand-in ConfigMap.
    problems.push(...manifestProblems({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', labels: meta.labels ?? {} } }));
  }
  if (kind === 'CronJob' && (meta.name ?? '').length > 52) problems.push(`${where}: a CronJob name longer than 52 characters cannot name its Jobs`);
  if (meta.namespace === undefined) problems.push(`${where}: no namespace`);
  for (const l of helmLabels) if (meta.labels?.[l] === undefined) problems.push(`${where}: no ${l} label`);
  return problems.map((p) => `${where}: ${p}`);
}
