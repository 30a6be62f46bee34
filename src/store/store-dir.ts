/**
 * Checks a file store's directory before anything starts: it exists or can be created, it is a
 * directory, and it is writable; otherwise one StorePathError with the reason as the OS gives it.
 * Hazard: Node's `mkdir(..., { recursive: true })` loops forever where the kernel answers ENOENT
 * for a directory whose parent exists (/proc): directories are created one level at a time here.
 */
import { mkdir, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { errorCode, osReason, StorePathError } from './store-errors.js';

const what = (root: string): string => `the store directory ${root} (--store or ZAPSWEEP_HOME)`;

/** Whether `path` is a directory; false when absent; StorePathError when it is something else. */
async function isDirectory(path: string, root: string): Promise<boolean> {
  try {
    const s = await stat(path);
    if (s.isDirectory()) return true;
    throw new StorePathError(`${what(root)} cannot be used: ${path} is not a directory (ENOTDIR)`, 'ENOTDIR');
  } catch (err) {
    if (err instanceof StorePathError) throw err;
    if (errorCode(err) === 'ENOENT') return false;
    if (errorCode(err) === 'ENOTDIR') {
      const file = await firstNonDirectory(path);
      throw new StorePathError(`${what(root)} cannot be used: ${file} is not a directory (ENOTDIR)`, 'ENOTDIR', err);
    }
    throw new StorePathError(`${what(root)} cannot be used: ${path}: ${osReason(err)}`, errorCode(err), err);
  }
}

/** The nearest ancestor of `path` that exists and is not a directory. */
async function firstNonDirectory(path: string): Promise<string> {
  for (let p = dirname(path); dirname(p) !== p; p = dirname(p)) {
    const s = await stat(p).catch(() => undefined);
    if (s && !s.isDirectory()) return p;
  }
  return path;
}

/** For readers: the store may be absent (it is empty then) but, if present, must be a directory. */
export async function checkReadableStore(root: string): Promise<boolean> {
  return isDirectory(root, root);
}

/** For writers: creates the directory (one level at a time) and proves it writable with a probe file. */
export async function prepareStoreDir(root: string): Promise<void> {
  const missing: string[] = [];
  for (let p = resolve(root); !(await isDirectory(p, root)); p = dirname(p)) {
    missing.unshift(p);
    if (dirname(p) === p) break;
  }
  for (const dir of missing) {
    try {
      await mkdir(dir);
    } catch (err) {
      if (errorCode(err) === 'EEXIST' && (await isDirectory(dir, root))) continue;
      const parent = dirname(dir);
      const hint = errorCode(err) === 'ENOENT' ? ` although ${parent} exists: that file system does not allow new directories there` : '';
      throw new StorePathError(`cannot create ${what(root)}: mkdir ${dir}: ${osReason(err)}${hint}`, errorCode(err), err);
    }
  }
  const probe = resolve(root, `.write-probe-${process.pid}`);
  try {
    await writeFile(probe, '');
  } catch (err) {
    throw new StorePathError(`${what(root)} is not writable: ${osReason(err)}`, errorCode(err), err);
  }
  await unlink(probe).catch(() => undefined);
}
