/** Runs the built CLI (dist/, built by `npm test` before vitest) as a real process. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const cliEntry = resolve(import.meta.dirname, '../../dist/cli/main.js');

export function assertBuilt(): void {
  if (!existsSync(cliEntry)) throw new Error(`${cliEntry} is missing: run "npm run build" first (npm test does)`);
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function startCli(args: readonly string[], cwd?: string): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [cliEntry, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<CliResult>((res) => child.on('close', (code, signal) => res({ code, signal, stdout, stderr })));
  return { child, done };
}

export function runCli(args: readonly string[], cwd?: string): Promise<CliResult> {
  return startCli(args, cwd).done;
}

/** The only sweep in a store directory. */
export function onlySweepId(store: string): string {
  const ids = readdirSync(join(store, 'sweeps'));
  if (ids.length !== 1 || !ids[0]) throw new Error(`expected one sweep in ${store}, found ${ids.length}`);
  return ids[0];
}

export function readLog(store: string, sweepId: string): Array<Record<string, unknown> & { type: string; trialId: string; attempt: number }> {
  const file = join(store, 'sweeps', sweepId, 'events.ndjson');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as Record<string, unknown> & { type: string; trialId: string; attempt: number }];
      } catch {
        return [];
      }
    });
}

export async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 400_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Pids of the direct children of a process (Linux /proc). */
export function childPids(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
