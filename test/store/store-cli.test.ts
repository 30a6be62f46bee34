/** The CLI at the store's edges (built CLI, real processes): unusable --store paths, and `zapsweep rm`. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmCommand } from '../../src/cli/commands/rm-cmd.js';
import type { CliContext } from '../../src/cli/context.js';
import { FileStore } from '../../src/store/file-store.js';
import { sweepRecord, tempDir } from '../support/builders.js';
import { assertBuilt, runCli } from '../support/cli.js';
import { mountTmpfs, type Tmpfs } from './tmpfs.js';

const quick = resolve(import.meta.dirname, '../../sweeps/quick.yaml');
const aFile = join(tempDir(), 'not-a-dir');
writeFileSync(aFile, 'x');
// A read-only store needs a read-only mount (root + mount(8)); without one that case is skipped.
const ro: Tmpfs | undefined = mountTmpfs('64k');
if (ro) {
  mkdirSync(join(ro.dir, 'store'));
  ro.remountReadOnly();
}

beforeAll(() => assertBuilt());
afterAll(() => ro?.unmount());

describe('--store that cannot be used: exit 2, one sentence with the OS reason, nothing started', () => {
  const cases = [
    { name: 'under /proc (used to loop forever in mkdir)', store: () => '/proc/zapsweep', args: ['run', quick], reason: /cannot create the store directory \/proc\/zapsweep .*\(ENOENT\)/ },
    { name: 'a file, run', store: () => aFile, args: ['run', quick], reason: /not-a-dir is not a directory \(ENOTDIR\)/ },
    { name: 'a file, ls', store: () => aFile, args: ['ls'], reason: /not-a-dir is not a directory \(ENOTDIR\)/ },
    ...(ro ? [{ name: 'read-only', store: () => join(ro.dir, 'store'), args: ['run', quick], reason: /is not writable: read-only file system \(EROFS\)/ }] : []),
  ];
  it.each(cases)('$name', async ({ store, args, reason }) => {
    const r = await runCli(['--store', store(), ...args]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^zapsweep: /);
    expect(lines[0]).toMatch(reason);
    expect(r.stdout).not.toMatch(/trials, local executor/);
  }, 60_000);
});

describe('zapsweep rm', () => {
  const store = join(tempDir(), 'store');
  beforeAll(async () => {
    const fs = new FileStore(store);
    for (const id of ['keep-me', 'drop-me', 'held', 'ask-me']) await fs.createSweep(sweepRecord(id, 2), 'spec');
  });

  it('refuses without --yes when there is no terminal to ask on (exit 2)', async () => {
    const r = await runCli(['--store', store, 'rm', 'keep-me']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('zapsweep: rm: will not remove sweep keep-me (test, running, 2 trials) without confirmation, and there is no terminal to ask on: pass --yes');
    expect(await new FileStore(store).getSweep('keep-me')).toBeDefined();
  });

  it('--yes removes the sweep', async () => {
    const r = await runCli(['--store', store, 'rm', 'drop-me', '--yes']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('removed sweep drop-me');
    expect(await new FileStore(store).getSweep('drop-me')).toBeUndefined();
    expect((await runCli(['--store', store, 'rm', 'drop-me', '--yes'])).code).toBe(2);
  });

  it('never while a controller holds the sweep', async () => {
    // The lock of a live process (this test runner: the CLI's parent).
    writeFileSync(join(store, 'sweeps', 'held', 'controller.lock'), String(process.pid));
    const r = await runCli(['--store', store, 'rm', 'held', '--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`zapsweep: sweep held is being run by another controller (pid ${process.pid})`);
    expect(await new FileStore(store).getSweep('held')).toBeDefined();
  });

  it.each([
    { answer: 'n\n', code: 1, removed: false },
    { answer: 'y\n', code: 0, removed: true },
  ])('asks on a terminal: "$answer" -> exit $code', async ({ answer, code, removed }) => {
    const stdin = Object.assign(new PassThrough(), { isTTY: true });
    const out = new PassThrough();
    const err = new PassThrough();
    let prompt = '';
    err.on('data', (d: Buffer) => (prompt += d.toString()));
    const ctx = { store: new FileStore(store), stdin, stdout: out, stderr: err, cliEntry: '', cores: 1 } as CliContext;
    const pending = rmCommand(ctx, 'ask-me', {});
    stdin.write(answer);
    expect(await pending).toBe(code);
    expect(prompt).toContain('remove sweep ask-me (test, running, 2 trials) and all its events from');
    expect((await new FileStore(store).getSweep('ask-me')) === undefined).toBe(removed);
  });
});
