/**
 * The live view under load: 1,000 configurations x 3 seeds, events arriving at 50/s for one
 * simulated hour (180,000 events; simulated time, nothing waits). Renders are throttled to one per
 * 100 ms of simulated time, as in the terminal, in the first and the last 5 minutes. Measured: the model update per event, the pure
 * view model per frame (snapshot, board, screen lines), Ink's render of a frame to text, and the
 * heap over the hour; each beside a reference from the same run.
 */
import { Writable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { SweepFold } from '../ledger/fold.js';
import { experimentSchema } from '../spec/schema.js';
import type { Trial } from '../spec/trial.js';
import type { TrialEvent } from '../transport/events.js';
import { composeScreen } from '../ui/lines/screen.js';
import { buildBoard, type Board } from '../ui/model/board-rows.js';
import { LiveModel } from '../ui/model/live-model.js';
import { initialUiState } from '../ui/model/ui-state.js';
import type { BenchFigure } from './figure.js';


const EVENTS_PER_S = 50;
const FRAME_MS = 100;
const HOUR_MS = 3_600_000;
const PARALLEL = 16;
/** Ink renders sampled: one frame in this many. */
const INK_SAMPLE = 5;
/** Frames are rendered in the first and the last WINDOW_MS of the hour; events flow all hour. */
const WINDOW_MS = 5 * 60_000;

function sweepTrials(): Trial[] {
  const experiment = experimentSchema.parse({});
  const trials: Trial[] = [];
  for (let z = 0; z < 250; z++) {
    for (const optimizer of ['adam', 'sgd']) {
      for (const lr of [0.01, 0.001]) {
        const configId = `c${z}-${optimizer}-${lr}`;
        for (let seed = 0; seed < 3; seed++) {
          const index = trials.length;
          trials.push({ index, trialId: `t${index}`, configId, seed, parameters: { 'pretrain.zapEvery': z, 'pretrain.optimizer': optimizer, 'pretrain.learningRate': lr }, experiment });
        }
      }
    }
  }
  return trials;
}

/** A trial's 60 events: started, 40 progress, 12 pre-training and 3 transfer metrics, 3 zaps, finished. */
function* trialEvents(t: Trial, now: () => number): Generator<TrialEvent> {
  let seq = 0;
  const base = (): { sweepId: string; trialId: string; attempt: number; seq: number; time: number } => ({ sweepId: 'bench', trialId: t.trialId, attempt: 0, seq: seq++, time: now() });
  const level = 0.5 + ((t.index * 7919) % 1000) / 2500;
  yield { ...base(), type: 'started', index: t.index, host: 'bench', backend: 'wasm', parameters: {} };
  for (let epoch = 1; epoch <= 4; epoch++) {
    for (let k = 1; k <= 10; k++) yield { ...base(), type: 'progress', phase: 'pretrain', step: (epoch - 1) * 10 + k, total: 40, loss: 2 / (epoch + k / 10) };
    yield { ...base(), type: 'metric', name: 'pretrain.loss', value: 2 / epoch, step: epoch };
    yield { ...base(), type: 'metric', name: 'pretrain.accuracy', value: level * (epoch / 4), step: epoch };
    yield { ...base(), type: 'metric', name: 'pretrain.oldTestAccuracy', value: level * (epoch / 4), step: epoch };
    if (epoch < 4) yield { ...base(), type: 'zap', phase: 'pretrain', step: epoch, layers: ['head'] };
  }
  yield { ...base(), type: 'metric', name: 'transfer.loss', value: 1.5, step: 1 };
  yield { ...base(), type: 'metric', name: 'transfer.newTestAccuracy', value: level / 2, step: 1 };
  yield { ...base(), type: 'metric', name: 'transfer.oldTestAccuracy', value: level * 0.8, step: 1 };
  yield { ...base(), type: 'finished', metrics: { retainedAccuracy: level * 0.8 + t.seed * 0.01, newTaskGain: 0.6 - level / 3 + t.seed * 0.01, oldAccBefore: level, oldAccAfter: level * 0.8 } };
}

/** The event stream of the simulated hour, round-robin over PARALLEL running trials. */
function* stream(trials: readonly Trial[], now: () => number): Generator<TrialEvent> {
  let next = 0;
  const running: Array<Generator<TrialEvent>> = [];
  for (;;) {
    while (running.length < PARALLEL && next < trials.length) {
      const t = trials[next++];
      if (t) running.push(trialEvents(t, now));
    }
    if (running.length === 0) return;
    for (let i = 0; i < running.length; i++) {
      const r = running[i]?.next();
      if (!r || r.done) {
        running.splice(i--, 1);
        continue;
      }
      yield r.value;
    }
  }
}

function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] ?? Number.NaN;
}

function gcFunction(): () => void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  return gc ?? (() => undefined);
}

function heapMb(gc: () => void): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/** Feeds the hour through `apply`; calls `frame` every FRAME_MS and `sample` every 5 minutes. */
function simulate(trials: readonly Trial[], apply: (e: TrialEvent) => void, frame: (now: number, index: number) => void, sample: (minute: number) => void): number {
  let now = 0;
  let events = 0;
  let frames = 0;
  let nextFrame = FRAME_MS;
  let nextSample = 5 * 60_000;
  for (const e of stream(trials, () => now)) {
    if (now >= HOUR_MS) break;
    apply(e);
    events++;
    now = (events * 1000) / EVENTS_PER_S;
    if (now >= nextFrame) {
      if (now < WINDOW_MS || now > HOUR_MS - WINDOW_MS) frame(now, frames++);
      nextFrame += FRAME_MS;
    }
    if (now >= nextSample) {
      sample(nextSample / 60_000);
      nextSample += 5 * 60_000;
    }
  }
  return events;
}

export async function benchUi(): Promise<BenchFigure[]> {
  // As the CLI does (src/ui/terminal/load.ts): React's production build, settled before loading it.
  process.env['NODE_ENV'] ??= 'production';
  const { createElement } = await import('react');
  const { render } = await import('ink');
  const { ScreenView } = await import('../ui/components/screen-view.js');
  const gc = gcFunction();
  const trials = sweepTrials();

  // 1. The reference: the controller's own fold, alone, fed the same hour.
  const refUpdate: number[] = [];
  let fold: SweepFold | undefined = new SweepFold();
  const refHeap = new Map<number, number>();
  const heap0 = heapMb(gc);
  simulate(trials, (e) => {
    const t0 = performance.now();
    fold?.apply(e);
    refUpdate.push(performance.now() - t0);
  }, () => undefined, (minute) => refHeap.set(minute, heapMb(gc) - heap0));
  fold = undefined;

  // 2. The live view: model per event, view model every frame, Ink every INK_SAMPLE-th frame.
  const update: number[] = [];
  const perFrame: number[] = [];
  const ink: number[] = [];
  const stringify: number[] = [];
  const heap = new Map<number, number>();
  // Ink keeps one instance, as in the terminal, writing every frame to a sink of 80x24.
  const sink = Object.assign(new Writable({ write: (_c, _e, done) => done() }), { columns: 80, rows: 24, isTTY: false });
  const instance = render(createElement(ScreenView, { lines: [] }), { stdout: sink as unknown as NodeJS.WriteStream, debug: true, patchConsole: false, exitOnCtrlC: false });
  const base = heapMb(gc);
  let model: LiveModel | undefined = new LiveModel({ sweep: { id: 'bench', name: 'bench', executor: 'local', status: 'running' }, trials, retries: 0, startedAt: 0 });
  let board: Board | undefined;
  let boardOf: unknown;
  let frames = 0;
  const events = simulate(trials, (e) => {
    const t0 = performance.now();
    model?.apply(e);
    update.push(performance.now() - t0);
  }, (now, index) => {
    if (!model) return;
    frames++;
    const t0 = performance.now();
    const snapshot = model.snapshot(now);
    if (boardOf !== snapshot.results) {
      board = buildBoard(snapshot.results, snapshot.trials);
      boardOf = snapshot.results;
    }
    if (!board) return;
    const screen = composeScreen({ snapshot, board, fold: model.fold, retries: 0, ui: initialUiState, width: 80, height: 24, canControl: true });
    const t1 = performance.now();
    perFrame.push(t1 - t0);
    if (index % INK_SAMPLE === 0) {
      instance.rerender(createElement(ScreenView, { lines: screen.lines }));
      const t2 = performance.now();
      ink.push(t2 - t1);
      JSON.stringify(board.rows);
      stringify.push(performance.now() - t2);
    }
  }, (minute) => heap.set(minute, heapMb(gc) - base));
  const configs = new Set(trials.map((t) => t.configId)).size;
  model = undefined;
  instance.unmount();

  const grow = (m: Map<number, number>): number => (m.get(60) ?? Number.NaN) - (m.get(10) ?? Number.NaN);
  return [
    { name: `model update per event, p95 (${events} events, ${configs} configs)`, value: p95(update), unit: 'ms', reference: { name: 'SweepFold.apply alone, p95', value: p95(refUpdate) } },
    { name: `view model per frame (snapshot, board, screen), p95 (${frames} frames)`, value: p95(perFrame), unit: 'ms', reference: { name: 'JSON.stringify of the same 1,000 rows, p95', value: p95(stringify) } },
    { name: `Ink re-render of a frame (80x24, one instance), p95 (${ink.length} frames)`, value: p95(ink), unit: 'ms', reference: { name: 'JSON.stringify of the same 1,000 rows, p95', value: p95(stringify) } },
    { name: 'frames per simulated second (throttled; rendered in the first and last 5 min)', value: (frames * 1000) / (2 * WINDOW_MS), unit: '/s', reference: { name: 'events per simulated second', value: EVENTS_PER_S } },
    { name: 'heap held by the live model after 10 simulated min', value: heap.get(10) ?? Number.NaN, unit: 'MiB', reference: { name: 'SweepFold alone', value: refHeap.get(10) ?? Number.NaN } },
    { name: 'heap growth from 10 to 60 simulated min (live model)', value: grow(heap), unit: 'MiB', reference: { name: 'SweepFold alone, same events', value: grow(refHeap) } },
  ];
}
