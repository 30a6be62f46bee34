/** Objects -> one multi-document YAML text (what `zapsweep render` prints). */
import { stringify } from 'yaml';
import type { KubeObject } from './types.js';

export function toYaml(objects: readonly KubeObject[]): string {
  return objects.map((o) => stringify(o, { lineWidth: 0 })).join('---\n');
}
