/**
 * Short, unambiguous names for swept parameters, for one-line displays (start lines, tables).
 * Pure. A path shows as its last segment, lengthened segment by segment only where two paths would
 * otherwise share a name: pretrain.learningRate and transfer.learningRate stay apart.
 */
import type { AxisValue, SweptValue } from './schema.js';

export function shortNames(paths: readonly string[]): string[] {
  const segments = paths.map((p) => p.split('.'));
  const take = segments.map(() => 1);
  for (let round = 0; round < 16; round++) {
    const names = segments.map((s, i) => s.slice(-(take[i] ?? 1)).join('.'));
    const seen = new Map<string, number>();
    for (const n of names) seen.set(n, (seen.get(n) ?? 0) + 1);
    let changed = false;
    names.forEach((n, i) => {
      const len = segments[i]?.length ?? 1;
      if ((seen.get(n) ?? 0) > 1 && (take[i] ?? 1) < len) {
        take[i] = (take[i] ?? 1) + 1;
        changed = true;
      }
    });
    if (!changed) return names;
  }
  return [...paths];
}

/** A swept value as text: arrays joined with "+", mappings as key=value pairs. */
export function valueText(v: SweptValue | undefined): string {
  if (v === undefined) return '-';
  if (Array.isArray(v)) return v.map(String).join('+');
  if (typeof v === 'object' && v !== null) return Object.entries(v).map(([k, x]) => `${k}=${typeof x === 'object' && x !== null ? JSON.stringify(x) : String(x)}`).join(',');
  return String(v);
}

/** `zapEvery=1 pretrain.learningRate=0.1 transfer.learningRate=0.01` (a bundle axis: `zap=never`). */
export function describeParameters(parameters: Readonly<Record<string, AxisValue>>): string {
  const paths = Object.keys(parameters);
  const names = shortNames(paths);
  return paths.map((p, i) => `${names[i] ?? p}=${valueText(parameters[p])}`).join(' ');
}
