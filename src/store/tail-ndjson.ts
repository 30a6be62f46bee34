/**
 * Follows an append-only NDJSON event log: yields each complete, valid line's event, then polls
 * for more until `signal` aborts. A torn last line is held back until its newline arrives; a log
 * cut back by the store (a failed append) is followed from its new end (lines already yielded
 * from the cut part stay yielded: folds de-duplicate, and those events come again if redelivered).
 */
import { open } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseEvent, type TrialEvent } from '../transport/events.js';

export async function* tailNdjson(file: string, signal: AbortSignal, o: { fromStart?: boolean; pollMs?: number } = {}): AsyncGenerator<TrialEvent> {
  const handle = await open(file, 'r');
  try {
    let offset = o.fromStart === false ? (await handle.stat()).size : 0;
    let rest = '';
    const chunk = Buffer.alloc(1 << 20);
    while (!signal.aborted) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, offset);
      if (bytesRead === 0) {
        // The store cut a failed append back (event-log.ts): follow the log from its new end.
        const { size } = await handle.stat();
        if (size < offset) {
          offset = size;
          rest = '';
          continue;
        }
        try {
          await sleep(o.pollMs ?? 200, undefined, { signal });
        } catch {
          return; // aborted
        }
        continue;
      }
      offset += bytesRead;
      const lines = (rest + chunk.toString('utf8', 0, bytesRead)).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        if (line.trim() === '') continue;
        let raw: unknown;
        try {
          raw = JSON.parse(line);
        } catch {
          continue;
        }
        const parsed = parseEvent(raw);
        if (parsed.ok) yield parsed.event;
        if (signal.aborted) return;
      }
    }
  } finally {
    await handle.close();
  }
}
