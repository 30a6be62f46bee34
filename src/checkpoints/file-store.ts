/**
 * The file CheckpointStore, beside the results store (src/store/file-store.ts):
 *   <root>/checkpoints/<key>.meta.json        the CheckpointMeta (key, stageKey, sweepId, bytes, digest, createdAt)
 *   <root>/checkpoints/<key>.<digest16>.ckpt  the bytes, named after their digest
 * Atomic: the bytes are written to a temporary file and renamed into place, then the meta is (the
 * commit point); the previous version's data file goes last. A reader that read the old meta and
 * finds its data file gone (a replace in between) reads the meta again. A put that fails leaves
 * the previous version (or nothing) visible and no temporary file: one StoreWriteError (OS code).
 * Leftovers of a killed writer (`.tmp-*`) are never read.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkReadableStore, prepareStoreDir } from '../store/store-dir.js';
import { errorCode, StoreWriteError } from '../store/store-errors.js';
import { parseMeta, sha256Hex, verified } from './digest.js';
import { checkCheckpointKey, CorruptCheckpointError, type CheckpointInfo, type CheckpointMeta, type CheckpointStore, type LeftoverRemoval } from './types.js';

const metaSuffix = '.meta.json';

export interface FileCheckpointStoreOptions {
  /** createdAt of new checkpoints. Default: Date.now. */
  now?: () => number;
}

export class FileCheckpointStore implements CheckpointStore, LeftoverRemoval {
  /** The checkpoints directory, `<root>/checkpoints`. */
  readonly dir: string;
  private readonly now: () => number;

  /** Where the checkpoints are, for messages. */
  get label(): string {
    return this.dir;
  }

  /** `root`: the results store directory (--store / ZAPSWEEP_HOME). */
  constructor(
    readonly root: string,
    o: FileCheckpointStoreOptions = {},
  ) {
    this.dir = join(root, 'checkpoints');
    this.now = o.now ?? Date.now;
  }

  private metaPath(key: string): string {
    return join(this.dir, checkCheckpointKey(key) + metaSuffix);
  }

  private dataPath(key: string, digest: string): string {
    return join(this.dir, `${checkCheckpointKey(key)}.${digest.slice(0, 16)}.ckpt`);
  }

  async put(key: string, data: Uint8Array, info: CheckpointInfo): Promise<CheckpointMeta> {
    const metaFile = this.metaPath(key);
    const meta: CheckpointMeta = { key, stageKey: info.stageKey, sweepId: info.sweepId, bytes: data.byteLength, digest: sha256Hex(data), createdAt: this.now() };
    await prepareStoreDir(this.root);
    await mkdir(this.dir).catch((err: unknown) => {
      if (errorCode(err) !== 'EEXIST') throw new StoreWriteError(this.dir, err, 'create');
    });
    const dataFile = this.dataPath(key, meta.digest);
    await this.replaceFile(dataFile, data);
    await this.replaceFile(metaFile, JSON.stringify(meta, null, 2) + '\n');
    // Keep the data file of the meta on disk now (another writer of the same key may have won).
    const current = await this.readMeta(key).catch(() => meta);
    await this.removeData(key, current ? this.dataPath(key, current.digest) : dataFile);
    return meta;
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    for (let tries = 0; ; tries++) {
      const meta = await this.readMeta(key);
      if (!meta) return undefined;
      let data: Buffer;
      try {
        data = await readFile(this.dataPath(key, meta.digest));
      } catch (err) {
        if (errorCode(err) !== 'ENOENT') throw new StoreWriteError(this.dataPath(key, meta.digest), err, 'read');
        const now = await this.readMeta(key).catch(() => undefined);
        if (tries < 3 && (now === undefined || now.digest !== meta.digest || now.createdAt !== meta.createdAt)) continue; // replaced meanwhile
        throw new CorruptCheckpointError(key, 'its data file is missing');
      }
      return new Uint8Array(verified(meta, data));
    }
  }

  async has(key: string): Promise<boolean> {
    return (await this.readMeta(key).catch(() => true)) !== undefined;
  }

  async list(): Promise<CheckpointMeta[]> {
    const names = await this.names();
    const metas = await Promise.all(names.filter((n) => n.endsWith(metaSuffix)).map((n) => this.readMeta(n.slice(0, -metaSuffix.length)).catch(() => undefined)));
    return metas.filter((m): m is CheckpointMeta => m !== undefined).sort((a, b) => a.createdAt - b.createdAt || a.key.localeCompare(b.key));
  }

  async delete(key: string): Promise<boolean> {
    const metaFile = this.metaPath(key);
    let removed = true;
    await unlink(metaFile).catch((err: unknown) => {
      if (errorCode(err) !== 'ENOENT') throw new StoreWriteError(metaFile, err, 'remove');
      removed = false;
    });
    return (await this.removeData(key, undefined)) || removed;
  }

  /**
   * Removes what killed writers left, older than `minAgeMs` (default 1 h, so a put in progress is
   * never touched): temporary files and data files no meta refers to. Returns what was removed.
   */
  async removeLeftovers(minAgeMs = 3_600_000): Promise<{ files: number; bytes: number }> {
    const names = await this.names();
    const referenced = new Set((await this.list()).map((m) => join(this.dir, `${m.key}.${m.digest.slice(0, 16)}.ckpt`)));
    const cutoff = this.now() - minAgeMs;
    let files = 0;
    let bytes = 0;
    for (const name of names) {
      const file = join(this.dir, name);
      if (!(name.startsWith('.tmp-') || (name.endsWith('.ckpt') && !referenced.has(file)))) continue;
      const s = await stat(file).catch(() => undefined);
      if (!s || s.mtimeMs > cutoff) continue;
      await unlink(file).then(
        () => {
          files++;
          bytes += s.size;
        },
        (err: unknown) => {
          if (errorCode(err) !== 'ENOENT') throw new StoreWriteError(file, err, 'remove');
        },
      );
    }
    return { files, bytes };
  }

  /** The meta under `key`; undefined when absent; CorruptCheckpointError when unreadable as a meta. */
  private async readMeta(key: string): Promise<CheckpointMeta | undefined> {
    const file = this.metaPath(key);
    if (!(await checkReadableStore(this.root))) return undefined;
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if (errorCode(err) === 'ENOENT' || errorCode(err) === 'ENOTDIR') return undefined;
      throw new StoreWriteError(file, err, 'read');
    }
    let meta: CheckpointMeta | undefined;
    try {
      meta = parseMeta(JSON.parse(text));
    } catch {
      meta = undefined;
    }
    if (!meta || meta.key !== key) throw new CorruptCheckpointError(key, `${file} is not a checkpoint record`);
    return meta;
  }

  private async names(): Promise<string[]> {
    if (!(await checkReadableStore(this.root))) return [];
    return readdir(this.dir).catch(() => []);
  }

  /** Removes `key`'s data files other than `keep`; true when one was removed. */
  private async removeData(key: string, keep: string | undefined): Promise<boolean> {
    const ours = new RegExp(`^${key.replace(/\./g, '\\.')}\\.[0-9a-f]{16}\\.ckpt$`);
    let removed = false;
    for (const name of await this.names()) {
      const file = join(this.dir, name);
      if (!ours.test(name) || file === keep) continue;
      await unlink(file).then(
        () => (removed = true),
        (err: unknown) => {
          if (errorCode(err) !== 'ENOENT') throw new StoreWriteError(file, err, 'remove');
        },
      );
    }
    return removed;
  }

  /** Write to a temporary file, then rename: readers see the old or the new content, never half. */
  private async replaceFile(file: string, content: Uint8Array | string): Promise<void> {
    const tmp = join(this.dir, `.tmp-${randomBytes(6).toString('hex')}`);
    try {
      await writeFile(tmp, content);
      await rename(tmp, file);
    } catch (cause) {
      await unlink(tmp).catch(() => undefined);
      throw new StoreWriteError(file, cause);
    }
  }
}
