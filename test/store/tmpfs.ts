/**
 * A small real tmpfs for disk-full tests (needs root and mount(8), as on this project's machines
 * and CI). `mountTmpfs` returns undefined where mounting is not allowed; callers skip with a reason.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Tmpfs {
  dir: string;
  /** Remounts with another size (e.g. larger, to "free space"), keeping the files. */
  resize(size: string): void;
  remountReadOnly(): void;
  unmount(): void;
}

export function mountTmpfs(size: string): Tmpfs | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'zapsweep-tmpfs-'));
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  const run = (args: string[]): void => {
    const x = spawnSync('mount', args, { encoding: 'utf8' });
    if (x.status !== 0) throw new Error(`mount ${args.join(' ')}: ${x.stderr}`);
  };
  return {
    dir,
    resize: (s) => run(['-o', `remount,size=${s}`, dir]),
    remountReadOnly: () => run(['-o', 'remount,ro', dir]),
    unmount: () => {
      spawnSync('umount', [dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function canMountTmpfs(): boolean {
  const t = mountTmpfs('64k');
  t?.unmount();
  return t !== undefined;
}
