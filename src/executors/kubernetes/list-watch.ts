/**
 * List, then watch from the list's resourceVersion, forever (until the signal aborts):
 * 1. list: hand every object to `sync` (level state: nothing missed while not watching is lost);
 * 2. watch from that resourceVersion with bookmarks; every event and bookmark advances it;
 * 3. the watch closed, failed, or went silent longer than `stallMs`: watch again from the last
 *    resourceVersion (client-node 1.4.0's watch never times out by itself);
 * 4. 410 Gone (the version was compacted away): back to 1.
 */
import type { KubeApi, Listed, WatchEvent } from './kube-api.js';
import { sleep } from './retry.js';

export interface ListWatchOptions<T> {
  api: KubeApi;
  resource: 'jobs' | 'pods';
  labelSelector: string;
  list: () => Promise<Listed<T>>;
  /** Every object of a (re-)list. */
  sync: (items: readonly T[]) => void;
  /** Every ADDED/MODIFIED/DELETED of the watch. */
  event: (type: 'ADDED' | 'MODIFIED' | 'DELETED', object: T) => void;
  signal: AbortSignal;
  stallMs?: number;
  /** Diagnostics: re-lists and re-watches. */
  note?: (what: 'relist' | 'rewatch', why: string) => void;
  /** Called when a list fails beyond its retries (the loop keeps trying). */
  error?: (err: unknown) => void;
}

export async function listWatch<T>(o: ListWatchOptions<T>): Promise<void> {
  const stallMs = o.stallMs ?? 60_000;
  while (!o.signal.aborted) {
    // 1. list
    let rv: string;
    try {
      const listed = await o.list();
      o.sync(listed.items);
      rv = listed.resourceVersion;
    } catch (err) {
      o.error?.(err);
      await sleep(1000, o.signal);
      continue;
    }
    // 2-3. watch, re-watching from the last resourceVersion until 410
    for (;;) {
      if (o.signal.aborted) return;
      const outcome = await watchOnce(o, rv, stallMs, (next) => (rv = next));
      if (outcome === 'gone') {
        o.note?.('relist', '410 Gone');
        break;
      }
      o.note?.('rewatch', outcome);
      await sleep(100, o.signal);
    }
  }
}

function watchOnce<T>(o: ListWatchOptions<T>, from: string, stallMs: number, advance: (rv: string) => void): Promise<'gone' | 'closed' | 'stalled' | 'failed'> {
  return new Promise((resolve) => {
    let settled = false;
    let controller: AbortController | undefined;
    let stall: NodeJS.Timeout | undefined;
    const finish = (why: 'gone' | 'closed' | 'stalled' | 'failed'): void => {
      if (settled) return;
      settled = true;
      clearTimeout(stall);
      o.signal.removeEventListener('abort', onAbort);
      controller?.abort();
      resolve(why);
    };
    const onAbort = (): void => finish('closed');
    const arm = (): void => {
      clearTimeout(stall);
      stall = setTimeout(() => finish('stalled'), stallMs);
    };
    o.signal.addEventListener('abort', onAbort, { once: true });
    arm();
    const onEvent = (e: WatchEvent): void => {
      if (settled) return;
      arm();
      const meta = (e.object as { metadata?: { resourceVersion?: string } } | null)?.metadata;
      if (e.type === 'ERROR') {
        const code = (e.object as { code?: number } | null)?.code;
        finish(code === 410 ? 'gone' : 'failed');
        return;
      }
      if (meta?.resourceVersion !== undefined) advance(meta.resourceVersion);
      if (e.type === 'BOOKMARK') return;
      o.event(e.type, e.object as T);
    };
    o.api
      .watch(o.resource, { labelSelector: o.labelSelector, resourceVersion: from, allowWatchBookmarks: 'true' }, onEvent, (err) => {
        const status = (err as { statusCode?: number } | null)?.statusCode;
        finish(status === 410 ? 'gone' : err ? 'failed' : 'closed');
      })
      .then((c) => {
        controller = c;
        if (settled) c.abort();
      })
      .catch(() => finish('failed'));
  });
}
