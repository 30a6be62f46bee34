/**
 * The default ResultsStore: plain files under a directory (default `.zapsweep/`).
 *   <root>/sweeps/<id>/sweep.json     the SweepRecord (rewritten atomically)
 *   <root>/sweeps/<id>/spec.yaml      the spec text as the user wrote it
 *   <root>/sweeps/<id>/events.ndjson  the append-only event log, one JSON event per line
 * Hazard: a SIGKILL can leave a torn last line; readEvents counts it as malformed and moves on.
 */
import { appendFile, mkdir, readFile, readdir, rename, unlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseEvent, type TrialEvent } from '../transport/events.js';
import { tailNdjson } from './tail-ndjson.js';
import { StoreError, sweepStatuses, type ResultsStore, type SweepRecord, type SweepStatus, type WatchableStore } from './types.js';
import { readDriftReportFile, writeDriftReportFile } from './drift-report-file.js';

const idPattern = /^[a-z0-9][-a-z0-9]*$/;

export class FileStore implements ResultsStore, WatchableStore {
  constructor(readonly root: string) {}

  private dir(id: string): string {
    if (!idPattern.test(id)) throw new StoreError(`invalid sweep id "${id}": expected lower-case letters, digits and "-"`);
    return join(this.root, 'sweeps', id);
  }

  async createSweep(record: SweepRecord, specText: string): Promise<void> {
    const dir = this.dir(record.id);
    if (existsSync(dir)) throw new StoreError(`sweep ${record.id} already exists in ${this.root}`);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'spec.yaml'), specText);
    await writeFile(join(dir, 'events.ndjson'), '');
    await this.writeRecord(record);
  }

  async getSweep(id: string): Promise<SweepRecord | undefined> {
    const file = join(this.dir(id), 'sweep.json');
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      return undefined;
    }
    return parseRecord(text, file);
  }

  async listSweeps(): Promise<SweepRecord[]> {
    let names: string[];
    try {
      names = await readdir(join(this.root, 'sweeps'));
    } catch {
      return [];
    }
    const records = await Promise.all(names.filter((n) => idPattern.test(n)).map((n) => this.getSweep(n)));
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

  async append(sweepId: string, events: readonly TrialEvent[]): Promise<void> {
    if (events.length === 0) return;
    const lines = events.map((e) => JSON.stringify(e)).join('\n') + '\n';
    await appendFile(join(this.dir(sweepId), 'events.ndjson'), lines);
  }

  async readEvents(sweepId: string): Promise<{ events: TrialEvent[]; malformed: number }> {
    const text = await readFile(join(this.dir(sweepId), 'events.ndjson'), 'utf8');
    const events: TrialEvent[] = [];
    let malformed = 0;
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch {
        malformed++;
        continue;
      }
      const parsed = parseEvent(raw);
      if (parsed.ok) events.push(parsed.event);
      else malformed++;
    }
    return { events, malformed };
  }

  /** Tails events.ndjson (polling: works on every file system). */
  watchEvents(sweepId: string, signal: AbortSignal, options?: { fromStart?: boolean }): AsyncIterable<TrialEvent> {
    return tailNdjson(join(this.dir(sweepId), 'events.ndjson'), signal, options);
  }

  async saveSummary(sweepId: string, summary: unknown): Promise<void> {
    const file = join(this.dir(sweepId), 'summary.json');
    await writeFile(file + '.tmp', JSON.stringify(summary, null, 2) + '\n');
    await rename(file + '.tmp', file);
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
   * process holds it. A lock left by a dead process is taken over.
   */
  async lock(sweepId: string, pid: number = process.pid): Promise<() => Promise<void>> {
    const file = join(this.dir(sweepId), 'controller.lock');
    for (let tries = 0; tries < 2; tries++) {
      try {
        await writeFile(file, String(pid), { flag: 'wx' });
        return () => unlink(file).catch(() => undefined);
      } catch {
        const holder = Number((await readFile(file, 'utf8').catch(() => '')).trim());
        if (Number.isInteger(holder) && holder > 0 && holder !== pid && isAlive(holder)) {
          throw new StoreError(`sweep ${sweepId} is being run by another controller (pid ${holder})`);
        }
        await unlink(file).catch(() => undefined);
      }
    }
    throw new StoreError(`could not lock sweep ${sweepId}: ${file}`);
  }

  private async writeRecord(record: SweepRecord): Promise<void> {
    const file = join(this.dir(record.id), 'sweep.json');
    await writeFile(file + '.tmp', JSON.stringify(record, null, 2) + '\n');
    await rename(file + '.tmp', file);
  }
}

function parseRecord(text: string, file: string): SweepRecord {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new StoreError(`${file}: not valid JSON`, { cause });
  }
  const r = raw as Partial<SweepRecord>;
  if (typeof r.id !== 'string' || typeof r.name !== 'string' || !sweepStatuses.includes(r.status as SweepStatus)) {
    throw new StoreError(`${file}: not a sweep record (expected id, name and status)`);
  }
  return r as SweepRecord;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
