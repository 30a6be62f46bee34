/**
 * How the node simulator runs a pod's container: as a real local process (the default) or, for
 * benchmarks, by a function in this process.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface PodLaunch {
  podName: string;
  index: number;
  /** The container's command + args, volumes already mapped to local directories. */
  argv: readonly string[];
  env: Readonly<Record<string, string>>;
  /** One call per stdout line (a stand-in for the pod's log stream). */
  onStdout?: (line: string) => void;
}

export interface RunningContainer {
  readonly exited: Promise<{ exitCode: number; stderrTail: string }>;
  /** SIGTERM, as the kubelet sends before the grace period; SIGKILL after it. */
  kill(signal: 'SIGTERM' | 'SIGKILL'): void;
}

export type PodRuntime = (launch: PodLaunch) => RunningContainer;

export interface ProcessRuntimeOptions {
  /** Maps the image's executables to local ones, e.g. zapsweep -> [node, dist/cli/main.js]. */
  commands?: Readonly<Record<string, readonly string[]>>;
  graceMs?: number;
}

export function processRuntime(o: ProcessRuntimeOptions = {}): PodRuntime {
  return (launch) => {
    const [cmd = '', ...args] = launch.argv;
    const mapped = o.commands?.[cmd] ?? [cmd];
    const [file = '', ...pre] = mapped;
    const child = spawn(file, [...pre, ...args], { env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', ...launch.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (tail = (tail + d).slice(-4096)));
    const lines = createInterface(child.stdout);
    lines.on('line', (l) => launch.onStdout?.(l));
    const exited = new Promise<{ exitCode: number; stderrTail: string }>((resolve) => {
      child.on('close', (code, signal) => resolve({ exitCode: code ?? (signal === 'SIGKILL' ? 137 : 143), stderrTail: tail }));
      child.on('error', (err) => resolve({ exitCode: 127, stderrTail: err.message }));
    });
    return {
      exited,
      kill: (signal) => {
        child.kill(signal);
        if (signal === 'SIGTERM') setTimeout(() => child.kill('SIGKILL'), o.graceMs ?? 5000).unref();
      },
    };
  };
}

/** Runs nothing: every container "exits" with what `decide` says, after `delayMs`. */
export function functionRuntime(decide: (launch: PodLaunch) => number | Promise<number>, delayMs = 0): PodRuntime {
  return (launch) => {
    let killed: ((code: number) => void) | undefined;
    const exited = new Promise<{ exitCode: number; stderrTail: string }>((resolve) => {
      killed = (code) => resolve({ exitCode: code, stderrTail: '' });
      setTimeout(() => void Promise.resolve(decide(launch)).then((exitCode) => resolve({ exitCode, stderrTail: '' })), delayMs);
    });
    return { exited, kill: () => killed?.(143) };
  };
}
