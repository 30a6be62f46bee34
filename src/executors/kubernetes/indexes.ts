/** Job status index sets ("0-2,4,7") and the attempt number of a pod (pure). */
import { annotationKeys } from './render/labels.js';

/** "1,3-5,7" -> [1, 3, 4, 5, 7]; empty or missing -> []. */
export function parseIndexes(text: string | undefined | null): number[] {
  if (text === undefined || text === null || text.trim() === '') return [];
  return text.split(',').flatMap((part) => {
    const [a, b] = part.split('-').map((s) => Number(s.trim()));
    if (a === undefined || !Number.isInteger(a)) return [];
    if (b === undefined) return [a];
    if (!Number.isInteger(b) || b < a) return [];
    return Array.from({ length: b - a + 1 }, (_, i) => a + i);
  });
}

/** A pod's attempt: failures charged to its index plus failures ignored (disruptions) before it. */
export function podAttempt(annotations: Readonly<Record<string, string>> | undefined): number {
  const n = (key: string): number => {
    const v = Number(annotations?.[key] ?? '0');
    return Number.isInteger(v) && v >= 0 ? v : 0;
  };
  return n(annotationKeys.failureCount) + n(annotationKeys.ignoredFailureCount);
}

/** Attempt from the worker's environment (the same two counters through the downward API). */
export function attemptFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  const f = env['ZAPSWEEP_FAILURE_COUNT'];
  if (f === undefined) return undefined;
  return podAttempt({ [annotationKeys.failureCount]: f || '0', [annotationKeys.ignoredFailureCount]: env['ZAPSWEEP_IGNORED_FAILURE_COUNT'] || '0' });
}

/** [1, 3, 4, 5, 7] -> "1,3-5,7" (the inverse of parseIndexes for ascending runs; order is kept). */
export function formatIndexes(indexes: readonly number[]): string {
  const parts: string[] = [];
  for (let k = 0; k < indexes.length; ) {
    const from = indexes[k] ?? 0;
    let to = from;
    while (indexes[k + 1] === to + 1) {
      to++;
      k++;
    }
    parts.push(to === from ? String(from) : `${from}-${to}`);
    k++;
  }
  return parts.join(',');
}

/**
 * Trial index from the worker's environment: JOB_COMPLETION_INDEX + ZAPSWEEP_INDEX_OFFSET, or, in
 * a round's Job (an adaptive search), the JOB_COMPLETION_INDEX-th of ZAPSWEEP_INDEX_LIST.
 */
export function indexFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  const i = env['JOB_COMPLETION_INDEX'];
  if (i === undefined) return undefined;
  const list = env['ZAPSWEEP_INDEX_LIST'];
  if (list !== undefined && list !== '') {
    const mapped = parseIndexes(list)[Number(i)];
    return mapped === undefined ? `${i} (out of ZAPSWEEP_INDEX_LIST)` : String(mapped);
  }
  const offset = env['ZAPSWEEP_INDEX_OFFSET'];
  if (offset === undefined || offset === '') return i;
  const sum = Number(i) + Number(offset);
  return Number.isInteger(sum) ? String(sum) : i;
}
