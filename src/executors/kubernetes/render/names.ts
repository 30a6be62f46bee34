/**
 * Deterministic object names and label values (pure). Contracts:
 * - every name is a DNS-1123 label; Job names stay within 50 characters so that pod names
 *   (`<job>-<index>-<5 random>`) and the `batch.kubernetes.io/job-name` label fit in 63;
 * - a value too long is cut and suffixed with a hash of the whole, so two long ids never collide.
 */
import { createHash } from 'node:crypto';

export const MAX_JOB_NAME = 50;
export const MAX_LABEL_VALUE = 63;
const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const labelValuePattern = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export function isDnsLabel(name: string): boolean {
  return name.length <= 63 && dnsLabel.test(name);
}

export function isLabelValue(value: string): boolean {
  return value.length <= MAX_LABEL_VALUE && labelValuePattern.test(value);
}

function hash6(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 6);
}

/** `text` made a DNS-1123 label of at most `max` characters (lower-cased, cut, hash-suffixed). */
export function fitName(text: string, max: number): string {
  const clean = text.toLowerCase().replace(/[^-a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'x';
  if (clean.length <= max) return clean;
  const head = clean.slice(0, max - 7).replace(/-+$/, '');
  return `${head}-${hash6(text)}`;
}

/** A label value (at most 63 characters, alphanumeric at both ends). */
export function labelValue(text: string): string {
  if (isLabelValue(text)) return text;
  return fitName(text, MAX_LABEL_VALUE);
}

export interface SweepNames {
  configMap: string;
  job(shard: number): string;
}

export function sweepNames(sweepId: string): SweepNames {
  return {
    configMap: `${fitName(sweepId, 58)}-spec`,
    job: (shard) => `${fitName(sweepId, MAX_JOB_NAME - 1 - String(shard).length)}-${shard}`,
  };
}
