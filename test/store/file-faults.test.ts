/**
 * The file store at the edges: a full disk (a real, small tmpfs; /dev/full where mounting is not
 * allowed), a torn log tail, and store paths that cannot be used (/proc, a file, read-only).
 */
import { appendFileSync, mkdirSync, readFileSync, symlinkSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileStore, maxFileSpecBytes } from '../../src/store/file-store.js';
import { SpecTooLargeError, StorePathError, StoreWriteError } from '../../src/store/store-errors.js';
import { StoreError } from '../../src/store/types.js';
import type { TrialEvent } from '../../src/transport/events.js';
import { sweepRecord, tempDir } from '../support/builders.js';
import { canMountTmpfs, mountTmpfs, type Tmpfs } from './tmpfs.js';

const mountable = canMountTmpfs();
const ev = (sweepId: string, seq: number, pad = ''): TrialEvent => ({ sweepId, trialId: 't000', attempt: 0, seq, time: seq, type: 'metric', name: `m${pad}`, value: seq, step: seq });
const mounts: Tmpfs[] = [];
afterEach(() => {
  for (const m of mounts.splice(0)) m.unmount();
});

describe.skipIf(!mountable)('disk full (a real tmpfs; skipped: mount(8) not allowed here)', () => {
  it('fails an append with one StoreWriteError (ENOSPC), leaves no torn line, and loses no event once space is freed', async () => {
    const fs = mountTmpfs('64k');
    if (!fs) throw new Error('mount failed');
    mounts.push(fs);
    const store = new FileStore(join(fs.dir, 'store'));
    await store.createSweep(sweepRecord('full', 1), 'spec');
    // Fill the disk in batches until an append fails.
    const stored: TrialEvent[] = [];
    let failure: unknown;
    for (let seq = 0; failure === undefined && seq < 10_000; seq += 10) {
      const batch = Array.from({ length: 10 }, (_, i) => ev('full', seq + i, 'x'.repeat(200)));
      try {
        await store.append('full', batch);
        stored.push(...batch);
      } catch (err) {
        failure = err;
      }
    }
    expect(failure).toBeInstanceOf(StoreWriteError);
    expect(failure).toBeInstanceOf(StoreError);
    expect((failure as StoreWriteError).code).toBe('ENOSPC');
    expect((failure as StoreWriteError).exitCode).toBe(1);
    expect((failure as Error).message).toMatch(/^cannot append to .*events\.ndjson: no space left on device \(ENOSPC\)$/);
    const log = readFileSync(join(fs.dir, 'store', 'sweeps', 'full', 'events.ndjson'), 'utf8');
    expect(log.endsWith('\n')).toBe(true);
    // Status writes fail the same way while the disk is full.
    await expect(store.updateStatus('full', 'interrupted', 1)).rejects.toBeInstanceOf(StoreWriteError);

    fs.resize('4m');
    const resumed = new FileStore(join(fs.dir, 'store'));
    const release = await resumed.lock('full');
    const after = [ev('full', 100_000), ev('full', 100_001)];
    await resumed.append('full', after);
    await release();
    const { events, malformed } = await resumed.readEvents('full');
    expect(malformed).toBe(0);
    expect(events).toEqual([...stored, ...after]);
    expect(resumed.repairs).toEqual([]);
  });

  it('says a read-only store is read-only (EROFS), before anything is written', async () => {
    const fs = mountTmpfs('64k');
    if (!fs) throw new Error('mount failed');
    mounts.push(fs);
    mkdirSync(join(fs.dir, 'store'));
    fs.remountReadOnly();
    const store = new FileStore(join(fs.dir, 'store'));
    const err = await store.createSweep(sweepRecord('ro', 1), 'spec').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorePathError);
    expect((err as StorePathError).code).toBe('EROFS');
    expect((err as StorePathError).exitCode).toBe(2);
    expect((err as Error).message).toMatch(/is not writable: read-only file system \(EROFS\)/);
  });

  it('a lock that cannot be written is "cannot write" (EROFS), not "held by another process"', async () => {
    const fs = mountTmpfs('64k');
    if (!fs) throw new Error('mount failed');
    mounts.push(fs);
    const store = new FileStore(join(fs.dir, 'store'));
    await store.createSweep(sweepRecord('rolock', 1), 'spec');
    fs.remountReadOnly();
    const err = await store.lock('rolock').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreWriteError);
    expect((err as StoreWriteError).code).toBe('EROFS');
    expect((err as Error).message).toMatch(/^cannot write the lock file .*controller\.lock: read-only file system \(EROFS\)$/);
  });
});

describe('disk full without a mount: /dev/full', () => {
  it('turns ENOSPC on the log into a StoreWriteError with the OS code', async () => {
    const root = tempDir();
    const store = new FileStore(root);
    await store.createSweep(sweepRecord('devfull', 1), 'spec');
    const log = join(root, 'sweeps', 'devfull', 'events.ndjson');
    unlinkSync(log);
    symlinkSync('/dev/full', log);
    const err = await store.append('devfull', [ev('devfull', 0)]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreWriteError);
    expect((err as StoreWriteError).code).toBe('ENOSPC');
  });
});

describe('torn tail', () => {
  const cases = [
    { name: 'a fragment of an event is cut off and reported', tail: '{"sweepId":"torn","trialId":"t0', kept: false },
    { name: 'a whole event missing only its newline keeps the event', tail: JSON.stringify(ev('torn', 1)), kept: true },
  ];
  it.each(cases)('$name; the next append starts on a fresh line', async ({ tail, kept }) => {
    const root = tempDir();
    const lines: string[] = [];
    const first = new FileStore(root);
    await first.createSweep(sweepRecord('torn', 1), 'spec');
    await first.append('torn', [ev('torn', 0)]);
    appendFileSync(join(root, 'sweeps', 'torn', 'events.ndjson'), tail); // as a SIGKILL mid-write leaves it
    const store = new FileStore(root, { log: (l) => lines.push(l) });
    const release = await store.lock('torn');
    await store.append('torn', [ev('torn', 2)]);
    await release();
    const { events, malformed } = await store.readEvents('torn');
    expect(malformed).toBe(0);
    expect(events.map((e) => e.seq)).toEqual(kept ? [0, 1, 2] : [0, 2]);
    expect(store.repairs).toHaveLength(1);
    expect(store.repairs[0]?.kept).toBe(kept);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(kept ? /completed its last line/ : new RegExp(`removed a torn last line of ${tail.length} bytes`));
  });

  it('is repaired by the first append when no lock was taken', async () => {
    const root = tempDir();
    const store = new FileStore(root);
    await store.createSweep(sweepRecord('torn2', 1), 'spec');
    appendFileSync(join(root, 'sweeps', 'torn2', 'events.ndjson'), '{"half');
    await store.append('torn2', [ev('torn2', 0)]);
    expect(await store.readEvents('torn2')).toEqual({ events: [ev('torn2', 0)], malformed: 0 });
  });
});

describe('store paths that cannot be used', () => {
  const file = join(tempDir(), 'a-file');
  writeFileSync(file, 'x');
  const cases = [
    { name: 'under /proc (no endless mkdir loop)', root: '/proc/zapsweep', code: 'ENOENT', message: /cannot create the store directory \/proc\/zapsweep .*mkdir \/proc\/zapsweep: no such file or directory \(ENOENT\) although \/proc exists/ },
    { name: 'on a file', root: file, code: 'ENOTDIR', message: /a-file is not a directory \(ENOTDIR\)/ },
    { name: 'below a file', root: join(file, 'store'), code: 'ENOTDIR', message: /a-file is not a directory \(ENOTDIR\)/ },
  ];
  it.each(cases)('$name: one StorePathError, exit code 2, before anything starts', async ({ root, code, message }) => {
    const store = new FileStore(root);
    for (const attempt of [() => store.createSweep(sweepRecord('p', 1), 's'), () => store.lock('p'), () => store.append('p', [ev('p', 0)])]) {
      const err = await attempt().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StorePathError);
      expect((err as StorePathError).code).toBe(code);
      expect((err as StorePathError).exitCode).toBe(2);
      expect((err as Error).message).toMatch(message);
    }
  });

  it('reads of a store on a file say so too (ls, results)', async () => {
    await expect(new FileStore(file).listSweeps()).rejects.toThrow(/is not a directory \(ENOTDIR\)/);
  });

  it('creates a missing store directory, parents included', async () => {
    const root = join(tempDir(), 'a', 'b', 'store');
    const store = new FileStore(root);
    await store.createSweep(sweepRecord('fresh', 1), 's');
    expect((await store.listSweeps()).map((r) => r.id)).toEqual(['fresh']);
  });
});

describe('sizes and half-created sweeps', () => {
  it('refuses a spec over the documented maximum, writing nothing', async () => {
    const root = tempDir();
    const store = new FileStore(root);
    const err = await store.createSweep(sweepRecord('big', 1), 'x'.repeat(maxFileSpecBytes + 1)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SpecTooLargeError);
    expect((err as SpecTooLargeError).exitCode).toBe(2);
    expect(await store.listSweeps()).toEqual([]);
    expect(await store.getSweep('big')).toBeUndefined();
  });

  it('the file lock says "held by another process" apart from "cannot write"', async () => {
    const root = tempDir();
    const store = new FileStore(root);
    await store.createSweep(sweepRecord('lk', 1), 's');
    const release = await store.lock('lk', process.ppid);
    await expect(store.lock('lk')).rejects.toThrow(/being run by another controller \(pid \d+\)/);
    await release();
    // A lock path that cannot be written (a directory stands where the lock file goes).
    mkdirSync(join(root, 'sweeps', 'lk', 'controller.lock'));
    const err = await store.lock('lk').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreWriteError);
    expect((err as Error).message).toMatch(/cannot remove the stale lock file .*controller\.lock/);
  });

  it('removes a sweep, but never while a controller holds it', async () => {
    const root = tempDir();
    const store = new FileStore(root);
    await store.createSweep(sweepRecord('gone', 1), 's');
    const release = await store.lock('gone', process.ppid);
    await expect(store.removeSweep('gone')).rejects.toThrow(/another controller/);
    await release();
    await store.removeSweep('gone');
    expect(await store.getSweep('gone')).toBeUndefined();
    await expect(store.removeSweep('gone')).rejects.toThrow(/no sweep gone/);
  });
});

describe('watching a log the store cut back', () => {
  it('follows the log from its new end: nothing after the cut is missed', { timeout: 30_000 }, async () => {
    const root = tempDir();
    const store = new FileStore(root);
    await store.createSweep(sweepRecord('cut', 1), 'spec');
    await store.append('cut', [ev('cut', 0)]);
    const file = join(root, 'sweeps', 'cut', 'events.ndjson');
    const ac = new AbortController();
    const bound = setTimeout(() => ac.abort(), 20_000); // a watcher that misses seq 2 ends here, failing below
    const seen: number[] = [];
    const watching = (async () => {
      for await (const e of store.watchEvents('cut', ac.signal)) {
        seen.push(e.seq);
        if (e.seq === 2) ac.abort();
      }
    })();
    await waitUntil(() => seen.includes(0));
    // A failed append's fragment, as the watcher may see it before the store cuts it back.
    appendFileSync(file, '{"sweepId":"cut","trialId":"t000","seq":1,"pad":"' + 'x'.repeat(400));
    await new Promise((r) => setTimeout(r, 500));
    truncateSync(file, readFileSync(file, 'utf8').indexOf('\n') + 1);
    await new Promise((r) => setTimeout(r, 500));
    await store.append('cut', [ev('cut', 2)]);
    await watching;
    clearTimeout(bound);
    expect(seen).toEqual([0, 2]);
  });
});

async function waitUntil(probe: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !probe(); i++) await new Promise((r) => setTimeout(r, 50));
  if (!probe()) throw new Error('timed out');
}
