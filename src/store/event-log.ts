/**
 * The file store's append-only NDJSON log, kept free of torn lines:
 * - `appendLines` writes a batch of whole lines; if the write fails part-way (ENOSPC, EIO), the
 *   file is cut back to its length before the batch, so the next append starts on a fresh line.
 *   The failure is one StoreWriteError; the batch was not stored (the caller must not ack it).
 * - `repairTail` handles what a SIGKILL (or power loss) mid-write can still leave: a last line
 *   without its newline. A fragment that is a whole valid event gets its newline; anything else is
 *   cut off (it was never acknowledged as stored). It says what it did, for the caller to report.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { parseStoredEvent } from './records.js';
import { errorCode, StoreWriteError } from './store-errors.js';

export interface TailRepair {
  file: string;
  /** Bytes cut off (0 when the fragment was kept). */
  removedBytes: number;
  /** True when the fragment was a whole event and only its newline was added. */
  kept: boolean;
}

export async function appendLines(file: string, lines: string): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'a');
  } catch (cause) {
    throw new StoreWriteError(file, cause, 'append to');
  }
  try {
    const { size } = await handle.stat();
    try {
      await handle.writeFile(lines);
    } catch (cause) {
      await handle.truncate(size).catch(() => undefined);
      throw new StoreWriteError(file, cause, 'append to');
    }
  } finally {
    await handle.close().catch(() => undefined);
  }
}

const chunkBytes = 64 * 1024;

export async function repairTail(file: string): Promise<TailRepair | undefined> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r+');
  } catch (cause) {
    if (errorCode(cause) === 'ENOENT') return undefined;
    throw new StoreWriteError(file, cause, 'open');
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return undefined;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    if (last[0] === 0x0a) return undefined;
    const start = await lastNewlineEnd(handle, size);
    const fragment = Buffer.alloc(size - start);
    await handle.read(fragment, 0, fragment.length, start);
    try {
      if (parseStoredEvent(fragment.toString('utf8')) !== undefined) {
        await handle.write('\n', size);
        return { file, removedBytes: 0, kept: true };
      }
      await handle.truncate(start);
    } catch (cause) {
      throw new StoreWriteError(file, cause, 'repair the torn tail of');
    }
    return { file, removedBytes: size - start, kept: false };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** The offset just after the last newline before `size` (0 when there is none). */
async function lastNewlineEnd(handle: FileHandle, size: number): Promise<number> {
  const buf = Buffer.alloc(chunkBytes);
  for (let end = size; end > 0; ) {
    const from = Math.max(0, end - chunkBytes);
    const { bytesRead } = await handle.read(buf, 0, end - from, from);
    const at = buf.subarray(0, bytesRead).lastIndexOf(0x0a);
    if (at >= 0) return from + at + 1;
    end = from;
  }
  return 0;
}
