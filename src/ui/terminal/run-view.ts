/**
 * The live view of a sweep this process runs (`zapsweep run`/`resume` on a terminal): a
 * ControllerObserver feeding a LiveModel, keys turned into pause and a clean stop.
 */
import type { ControllerObserver } from '../../controller/types.js';
import type { PauseControl } from '../../controller/pause.js';
import type { Trial } from '../../spec/trial.js';
import type { SweepRecord } from '../../store/types.js';
import type { TrialEvent } from '../../transport/events.js';
import { LiveModel } from '../model/live-model.js';
import { mountLiveView, type MountedView } from './mount.js';

export interface RunViewControls {
  stop(why: string): void;
  pause: PauseControl;
}

export interface RunView {
  /** Session log lines: shown in the view (kept until it opens). */
  log(line: string): void;
  /** The SessionOptions.view factory. */
  view(trials: readonly Trial[], record: SweepRecord, controls: RunViewControls): ControllerObserver & { close(finalStatus?: string): Promise<void> };
}

export function liveRunView(o: { retries: number; prior?: readonly TrialEvent[] }): RunView {
  const early: string[] = [];
  let model: LiveModel | undefined;
  let mounted: MountedView | undefined;
  return {
    log(line) {
      if (model) model.note(line);
      else early.push(line);
    },
    view(trials, record, controls) {
      const m = new LiveModel({ sweep: { id: record.id, name: record.name, executor: record.executor, status: 'running' }, trials, retries: o.retries, startedAt: Date.now() });
      m.applyAll(o.prior ?? []);
      for (const line of early) m.note(line);
      model = m;
      mounted = mountLiveView({
        model: m,
        retries: o.retries,
        canControl: true,
        onCommand: (command) => {
          if (command === 'pause') m.setPaused(controls.pause.toggle());
          else {
            m.setStopping();
            controls.stop(command === 'interrupt' ? 'Ctrl-C' : 'stopped from the live view');
          }
        },
      });
      return {
        event: (e) => void m.apply(e),
        malformed: () => m.malformed(),
        rejected: (message) => m.note(`rejected an event: ${message}`),
        close: async (finalStatus) => {
          if (finalStatus !== undefined) {
            // The last frame says how the sweep ended: let one throttled frame (100 ms) render it.
            m.setStatus(finalStatus);
            await new Promise((resolve) => setTimeout(resolve, 250));
          }
          mounted?.close();
        },
      };
    },
  };
}
