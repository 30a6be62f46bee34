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

/** The `--index` a worker process was started with, or undefined once it is gone. */
export function workerIndexOf(pid: number): number | undefined {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const at = args.indexOf('--index');
    return at >= 0 && args[at + 1] !== undefined ? Number(args[at + 1]) : undefined;
  } catch {
    return undefined; // the process ended while we looked
  }
}

type LoggedEvent = { type: string; trialId: string; attempt: number; index?: unknown };

/**
 * SIGKILLs a worker of `controllerPid` while its trial is mid-attempt (started, not finished), and
 * returns that trial's `started` event. Race-free against fast trials: the worker is first SIGSTOPped,
 * then the log is read again after a pause (an event already on its way lands), and the worker is
 * resumed and another one taken if its trial finished after all.
 */
export async function killWorkerMidAttempt(
  controllerPid: number,
  readEvents: () => LoggedEvent[] | Promise<LoggedEvent[]>,
  timeoutMs = 400_000,
): Promise<LoggedEvent> {
  const until = Date.now() + timeoutMs;
  const open = (log: LoggedEvent[], index: number): LoggedEvent | undefined => {
    const started = log.find((e) => e.type === 'started' && e.attempt === 0 && e.index === index);
    return started && !log.some((e) => e.trialId === started.trialId && e.type === 'finished') ? started : undefined;
  };
  while (Date.now() < until) {
    for (const pid of childPids(controllerPid)) {
      const index = workerIndexOf(pid);
      if (index === undefined || !open(await readEvents(), index)) continue;
      try {
        process.kill(pid, 'SIGSTOP');
      } catch {
        continue;
      }
      await new Promise((r) => setTimeout(r, 500));
      const victim = open(await readEvents(), index);
      if (victim) {
        process.kill(pid, 'SIGKILL');
        return victim;
      }
      process.kill(pid, 'SIGCONT');
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out waiting for a worker in the middle of an attempt');
}
