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

type LoggedEvent = { type: string; trialId: string; attempt: number; attemptId?: unknown };

/** Attempts the log shows started and not ended. */
function runningAttempts(log: LoggedEvent[]): number {
  const key = (e: LoggedEvent): string => `${e.trialId}/${e.attempt}/${typeof e.attemptId === 'string' ? e.attemptId : ''}`;
  const ended = new Set(log.filter((e) => e.type === 'finished' || e.type === 'failed').map(key));
  return new Set(log.filter((e) => e.type === 'started' && !ended.has(key(e))).map(key)).size;
}

/**
 * SIGKILLs one worker of `controllerPid` in the middle of an attempt. Race-free against fast trials
 * and whatever the executor's processes run (one attempt each, or a pool's serving workers): every
 * worker is SIGSTOPped, the log is read again after a pause (events already on their way land), and
 * only when each stopped worker has an attempt running is one of them killed; else all continue and
 * it tries again. The victim is the trial whose attempt the controller then reports as a crash.
 */
export async function killWorkerMidAttempt(controllerPid: number, readEvents: () => LoggedEvent[] | Promise<LoggedEvent[]>, timeoutMs = 400_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  const signal = (pids: number[], sig: NodeJS.Signals): number[] =>
    pids.filter((p) => {
      try {
        process.kill(p, sig);
        return true;
      } catch {
        return false; // it ended meanwhile
      }
    });
  while (Date.now() < until) {
    if (runningAttempts(await readEvents()) > 0) {
      const stopped = signal(childPids(controllerPid), 'SIGSTOP');
      await new Promise((r) => setTimeout(r, 500));
      const [victim] = stopped;
      if (victim !== undefined && runningAttempts(await readEvents()) === stopped.length) {
        signal([victim], 'SIGKILL');
        signal(stopped.slice(1), 'SIGCONT');
        return;
      }
      signal(stopped, 'SIGCONT');
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out waiting for a worker in the middle of an attempt');
}
