/**
 * Runs each attempt as a child process (`zapsweep worker`) with an IPC channel; every message the
 * child sends goes to the inbox unvalidated (the controller validates).
 * Hazard: a worker notices a dead controller through the IPC `disconnect` event and exits, so a
 * SIGKILLed controller leaves no orphans.
 */
import { fork } from 'node:child_process';
import type { IpcInbox } from '../../transport/ipc/inbox.js';
import type { ExitInfo, Executor, LaunchRequest, RunningAttempt } from '../types.js';

export interface LocalExecutorOptions {
  parallelism: number;
  /** The CLI entry point the child runs (`<entry> worker ...`). */
  cliEntry: string;
  inbox: IpcInbox;
  /** Extra environment for workers (e.g. ZAPSWEEP_BACKEND). */
  env?: NodeJS.ProcessEnv;
  /** Extra worker arguments (e.g. ["--backend", "wasm"]). */
  workerArgs?: readonly string[];
}

const stderrTailBytes = 4096;

export class LocalExecutor implements Executor {
  readonly name = 'local';
  readonly parallelism: number;

  constructor(private readonly o: LocalExecutorOptions) {
    this.parallelism = o.parallelism;
  }

  launch(r: LaunchRequest): RunningAttempt {
    const args = [
      'worker',
      '--spec', r.specFile,
      '--index', String(r.trial.index),
      '--attempt', String(r.attempt),
      '--attempt-id', r.attemptId,
      '--sweep-id', r.sweepId,
      ...(this.o.workerArgs ?? []),
    ];
    const child = fork(this.o.cliEntry, args, {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: { ...process.env, ...this.o.env },
    });
    let tail = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      tail = (tail + chunk).slice(-stderrTailBytes);
    });
    child.on('message', (m) => this.o.inbox.push(m));
    const exited = new Promise<ExitInfo>((resolve) => {
      // 'close' fires after the IPC channel and stderr are drained, so no message arrives later.
      child.on('close', (code, signal) => resolve({ code, signal, stderrTail: lastLines(tail, 5) }));
      child.on('error', (err) => resolve({ code: null, signal: null, stderrTail: err.message }));
    });
    return {
      exited,
      terminate: () => void child.kill('SIGTERM'),
      kill: () => void child.kill('SIGKILL'),
    };
  }
}

function lastLines(text: string, n: number): string {
  return text.trimEnd().split('\n').slice(-n).join('\n');
}
