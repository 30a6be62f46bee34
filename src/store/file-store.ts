/**
 * The default ResultsStore: plain files under a directory (default `.zapsweep/`).
 *   <root>/sweeps/<id>/sweep.json     the SweepRecord (rewritten atomically)
 *   <root>/sweeps/<id>/spec.yaml      the spec text as the user wrote it (at most `maxFileSpecBytes`)
 *   <root>/sweeps/<id>/events.ndjson  the append-only event log, one JSON event per line
 * Faults: every failed write is one StoreWriteError (OS code + reason). A sweep is created in a
 * hidden directory and renamed into place, so a failed create leaves nothing. An append that fails
 * part-way is cut back to the log's previous length, so no torn line stays for the next append to
 * join; a torn tail left by a killed process is repaired when a controller locks the sweep (or at
 * the first append) and reported through `log` (see event-log.ts).
 */
import { mkdir, readFile, readdir, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TrialEvent } from '../transport/events.js';
import { appendLines, repairTail, type TailRepair } from './event-log.js';
import { checkSweepId, isAlive, parseRecord, parseStoredEvent, sweepIdPattern } from './records.js';
import { checkReadableStore, prepareStoreDir } from './store-dir.js';
import { errorCode, SpecTooLargeError, StoreWriteError } from './store-errors.js';
import { StoreError, type RemovableStore, type ResultsStore, type SweepRecord, type SweepStatus, type WatchableStore } from './types.js';
import { tailNdjson } from './tail-ndjson.js';
import { readDriftReportFile, writeDriftReportFile } from './drift-report-file.js';

/** The file store's documented maximum spec size: a spec is YAML a person writes; 8 MiB is far past any real one. */
export const maxFileSpecBytes = 8 * 1024 * 1024;

export interface FileStoreOptions {
  /** Where the store reports what it repaired (a torn log tail). Default: nowhere. */
  log?: (line: string) => void;
}

export class FileStore implements ResultsStore, WatchableStore, RemovableStore {
  private ready: Promise<void> | undefined;
  private readonly repaired = new Set<string>();
  private appending: Promise<unknown> = Promise.resolve();
  /** Tail repairs made by this instance (diagnostics, tests). */
  readonly repairs: TailRepair[] = [];

  constructor(
    readonly root: string,
    private readonly o: FileStoreOptions = {},
  ) {}

  private dir(id: string): string {
    return join(this.root, 'sweeps', checkSweepId(id));
  }

  /** Checks (once) that the root exists or can be created, is a directory, and is writable. */
  checkWritable(): Promise<void> {
    this.ready ??= prepareStoreDir(this.root).catch((err: unknown) => {
      this.ready = undefined;
      throw err;
    });
    return this.ready;
  }

  async createSweep(record: SweepRecord, specText: string): Promise<void> {
    const dir = this.dir(record.id);
    const bytes = Buffer.byteLength(specText);
    if (bytes > maxFileSpecBytes) throw new SpecTooLargeError(bytes, maxFileSpecBytes, `the file store ${this.root}`);
    await this.checkWritable();
    if (existsSync(dir)) throw new StoreError(`sweep ${record.id} already exists in ${this.root}`);
    const sweeps = join(this.root, 'sweeps');
    const staging = join(sweeps, `.new-${record.id}-${randomBytes(4).toString('hex')}`);
    try {
      await mkdir(sweeps).catch((err: unknown) => {
        if (errorCode(err) !== 'EEXIST') throw err;
      });
      await mkdir(staging);
      await writeFile(join(staging, 'spec.yaml'), specText);
      await writeFile(join(staging, 'events.ndjson'), '');
      await writeFile(join(staging, 'sweep.json'), JSON.stringify(record, null, 2) + '\n');
      await rename(staging, dir);
    } catch (cause) {
      await rm(staging, { recursive: true, force: true }).catch(() => undefined);
      if (existsSync(join(dir, 'sweep.json'))) throw new StoreError(`sweep ${record.id} already exists in ${this.root}`, { cause });
      throw new StoreWriteError(dir, cause, 'create sweep');
    }
  }

  async getSweep(id: string): Promise<SweepRecord | undefined> {
    const file = join(this.dir(id), 'sweep.json');
    if (!(await checkReadableStore(this.root))) return undefined;
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      return undefined;
    }
    return parseRecord(text, file);
  }

  async listSweeps(): Promise<SweepRecord[]> {
    if (!(await checkReadableStore(this.root))) return [];
    let names: string[];
    try {
      names = await readdir(join(this.root, 'sweeps'));
    } catch {
      return [];
    }
    const records = await Promise.all(names.filter((n) => sweepIdPattern.test(n)).map((n) => this.getSweep(n)));
    return records.filter((r): r is SweepRecord => r !== undefined).sort((a, b) => a.createdAt - b.createdAt);
  }

  specText(id: string): Promise<string> {
    return readFile(this.specPath(id), 'utf8');
  }

  specPath(id: string): string {
    return join(this.dir(id), 'spec.yaml');
  }

  async updateStatus(id: string, status: SweepStatus, now: number): Promise<void> {
    const record = await this.getSweep(id);
    if (!record) throw new StoreError(`no sweep ${id} in ${this.root}`);
    await this.writeRecord({ ...record, status, updatedAt: now });
  }

  /** Serialised, so a failed append's cut-back never touches another append's lines. */
  append(sweepId: string, events: readonly TrialEvent[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    const file = join(this.dir(sweepId), 'events.ndjson');
    const lines = events.map((e) => JSON.stringify(e)).join('\n') + '\n';
    const next = this.appending.then(async () => {
      await this.checkWritable();
      if (!this.repaired.has(sweepId)) await this.repair(sweepId);
      await appendLines(file, lines);
    });
    this.appending = next.catch(() => undefined);
    return next;
  }

  async readEvents(sweepId: string): Promise<{ events: TrialEvent[]; malformed: number }> {
    const text = await readFile(join(this.dir(sweepId), 'events.ndjson'), 'utf8');
    const events: TrialEvent[] = [];
    let malformed = 0;
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      const event = parseStoredEvent(line);
      if (event) events.push(event);
      else malformed++;
    }
    return { events, malformed };
  }

  /** Tails events.ndjson (polling: works on every file system). */
  watchEvents(sweepId: string, signal: AbortSignal, options?: { fromStart?: boolean }): AsyncIterable<TrialEvent> {
    return tailNdjson(join(this.dir(sweepId), 'events.ndjson'), signal, options);
  }

  async saveSummary(sweepId: string, summary: unknown): Promise<void> {
    await this.replaceFile(join(this.dir(sweepId), 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  }

  // DriftReportStore (src/schedule): the drift report of a scheduled night, beside its sweep.
  saveDriftReport(sweepId: string, report: unknown): Promise<void> {
    return writeDriftReportFile(this.dir(sweepId), report);
  }
  readDriftReport(sweepId: string): Promise<unknown> {
    return readDriftReportFile(this.dir(sweepId));
  }

  /**
   * One controller per sweep: takes `controller.lock` (holding the pid) or fails when a live
   * process holds it ("held by another process"); a lock that cannot be written is a
   * StoreWriteError ("cannot write"). A lock left by a dead process is taken over. Once held, a
   * torn tail of the event log is repaired (and reported) before the controller reads it.
   */
  async lock(sweepId: string, pid: number = process.pid): Promise<() => Promise<void>> {
    const file = join(this.dir(sweepId), 'controller.lock');
    await this.checkWritable();
    for (let tries = 0; tries < 2; tries++) {
      try {
        await writeFile(file, String(pid), { flag: 'wx' });
        await this.repair(sweepId);
        return () => unlink(file).catch(() => undefined);
      } catch (err) {
        if (err instanceof StoreError) {
          await unlink(file).catch(() => undefined);
          throw err;
        }
        if (errorCode(err) !== 'EEXIST') throw new StoreWriteError(file, err, 'write the lock file');
        const holder = Number((await readFile(file, 'utf8').catch(() => '')).trim());
        if (holder !== pid && isAlive(holder)) {
          throw new StoreError(`sweep ${sweepId} is being run by another controller (pid ${holder})`);
        }
        await unlink(file).catch((cause: unknown) => {
          if (errorCode(cause) !== 'ENOENT') throw new StoreWriteError(file, cause, 'remove the stale lock file');
        });
      }
    }
    throw new StoreError(`could not lock sweep ${sweepId}: ${file}`);
  }

  /** Removes a sweep for good; refuses (StoreError) while a live controller holds it. */
  async removeSweep(sweepId: string): Promise<void> {
    const dir = this.dir(sweepId);
    if (!existsSync(dir)) throw new StoreError(`no sweep ${sweepId} in ${this.root}`);
    await this.lock(sweepId);
    try {
      await rm(dir, { recursive: true });
    } catch (cause) {
      throw new StoreWriteError(dir, cause, 'remove');
    }
  }

  private async repair(sweepId: string): Promise<void> {
    const file = join(this.dir(sweepId), 'events.ndjson');
    const done = await repairTail(file);
    this.repaired.add(sweepId);
    if (!done) return;
    this.repairs.push(done);
    const what = done.kept ? 'completed its last line (a whole event missing only its newline)' : `removed a torn last line of ${done.removedBytes} bytes (an interrupted write; that event was never acknowledged)`;
    this.o.log?.(`sweep ${sweepId}: ${file}: ${what}`);
  }

  private async writeRecord(record: SweepRecord): Promise<void> {
    await this.checkWritable();
    await this.replaceFile(join(this.dir(record.id), 'sweep.json'), JSON.stringify(record, null, 2) + '\n');
  }

  /** Write to a temporary file, then rename: readers see the old or the new content, never half. */
  private async replaceFile(file: string, text: string): Promise<void> {
    try {
      await writeFile(file + '.tmp', text);
      await rename(file + '.tmp', file);
    } catch (cause) {
      await unlink(file + '.tmp').catch(() => undefined);
      throw new StoreWriteError(file, cause);
    }
  }
}
