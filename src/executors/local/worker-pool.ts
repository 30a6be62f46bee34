/**
 * Local executor with long-lived worker processes (`zapsweep worker --serve`): a pool of at most
 * `parallelism` processes, each running one attempt at a time and keeping its last pre-training
 * stage in memory (docs/proposals/pretrain-sharing.md). An attempt goes to an idle process that
 * holds its stage if there is one, else to any idle process, else to a new one. Start-up (Node,
 * TensorFlow.js, the data set) is paid once per process, not once per trial.
 * An attempt ends with the worker's `done` message (its exit code), or with its process: a crash
 * or SIGKILL fails that attempt alone and the process is replaced on the next launch.
 * terminate() asks the worker to abort the attempt (the process stays); kill() kills the process.
 * Hazard: a worker notices a dead controller through the IPC `disconnect` event and exits, so a
 * SIGKILLed controller leaves no orphans (as the one-shot executor).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { stageKeyOf } from '../../spec/stages.js';
import { isControl, type FromWorker, type ToWorker } from '../../transport/ipc/control.js';
import type { IpcInbox } from '../../transport/ipc/inbox.js';
import type { ExitInfo, Executor, LaunchRequest, RunningAttempt } from '../types.js';

export interface WorkerPoolOptions {
  parallelism: number;
  /** The CLI entry point the children run (`<entry> worker --serve ...`). */
  cliEntry: string;
  inbox: IpcInbox;
  env?: NodeJS.ProcessEnv;
  /** Extra worker arguments (e.g. ["--backend", "wasm"]). */
  workerArgs?: readonly string[];
}

interface Slot {
  readonly child: ChildProcess;
  /** The stage this process holds in memory (of its last attempt). */
  stage?: string;
  /** The attempt it runs; `token` tells a late terminate/kill of an earlier attempt from this one. */
  busy?: { readonly done: (info: ExitInfo) => void; readonly token: object } | undefined;
  tail: string;
  gone: boolean;
}

const stderrTailBytes = 4096;

export class WorkerPool implements Executor {
  readonly name = 'local';
  readonly parallelism: number;
  private readonly slots = new Set<Slot>();

  constructor(private readonly o: WorkerPoolOptions) {
    this.parallelism = o.parallelism;
  }

  /** The stages idle processes hold in memory (the controller prefers their trials). */
  warmStages(): string[] {
    return [...this.slots].filter((s) => !s.busy && !s.gone && s.stage !== undefined).map((s) => s.stage as string);
  }

  launch(r: LaunchRequest): RunningAttempt {
    const stage = stageKeyOf(r.trial.experiment, r.trial.seed);
    const idle = [...this.slots].filter((s) => !s.busy && !s.gone);
    const slot = idle.find((s) => s.stage === stage) ?? idle.find((s) => s.stage === undefined) ?? idle[0] ?? this.spawn();
    slot.stage = stage;
    slot.tail = '';
    const token = {};
    const exited = new Promise<ExitInfo>((resolve) => {
      slot.busy = { done: resolve, token };
    });
    const mine = (): boolean => slot.busy?.token === token;
    const run: ToWorker = { zapsweep: 'run', specFile: r.specFile, index: r.trial.index, attempt: r.attempt, attemptId: r.attemptId, sweepId: r.sweepId };
    this.send(slot, run);
    return {
      exited,
      terminate: () => {
        if (mine()) this.send(slot, { zapsweep: 'abort', reason: 'stopped by the controller' });
      },
      kill: () => {
        if (mine()) slot.child.kill('SIGKILL');
      },
    };
  }

  /** Ends every process (idle ones at once; the controller has ended or stopped every attempt). */
  async close(): Promise<void> {
    const all = [...this.slots];
    await Promise.all(
      all.map(
        (s) =>
          new Promise<void>((resolve) => {
            if (s.gone) return resolve();
            s.child.once('close', () => resolve());
            s.child.kill('SIGTERM');
          }),
      ),
    );
  }

  private spawn(): Slot {
    const args = ['worker', '--serve', ...(this.o.workerArgs ?? [])];
    const child = fork(this.o.cliEntry, args, { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], env: { ...process.env, ...this.o.env } });
    const slot: Slot = { child, tail: '', gone: false };
    this.slots.add(slot);
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      slot.tail = (slot.tail + chunk).slice(-stderrTailBytes);
    });
    child.on('message', (m) => {
      if (!isControl(m)) return this.o.inbox.push(m);
      if ((m as FromWorker).zapsweep === 'done') this.finish(slot, { code: (m as FromWorker).code, signal: null, stderrTail: lastLines(slot.tail, 5) });
    });
    const ended = (info: ExitInfo): void => {
      slot.gone = true;
      this.slots.delete(slot);
      this.finish(slot, info);
    };
    // 'close' fires after the IPC channel and stderr are drained, so no message arrives later.
    child.on('close', (code, signal) => ended({ code, signal, stderrTail: lastLines(slot.tail, 5) }));
    child.on('error', (err) => ended({ code: null, signal: null, stderrTail: err.message }));
    return slot;
  }

  private finish(slot: Slot, info: ExitInfo): void {
    const busy = slot.busy;
    slot.busy = undefined;
    busy?.done(info);
  }

  private send(slot: Slot, m: ToWorker): void {
    if (slot.gone || !slot.child.connected) return;
    slot.child.send(m, (err) => {
      // The process is going away; its 'close' ends the attempt.
      if (err) slot.child.kill('SIGKILL');
    });
  }
}

function lastLines(text: string, n: number): string {
  return text.trimEnd().split('\n').slice(-n).join('\n');
}
