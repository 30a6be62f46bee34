/**
 * Chooses how `run`/`resume` show progress: the live view (Ink) when stdout and stdin are
 * terminals, the output is a table and --no-ui is absent; the plain lines otherwise.
 */
import type { PauseControl } from '../../controller/pause.js';
import type { ControllerObserver } from '../../controller/types.js';
import type { Trial } from '../../spec/trial.js';
import type { TrialEvent } from '../../transport/events.js';
import type { SweepRecord, SweepStatus } from '../../store/types.js';
import { canShowLiveView, loadTerminalUi } from '../../ui/terminal/load.js';
import type { CliContext } from '../context.js';

/** What a view may do to the running sweep: stop it cleanly (as Ctrl-C does) and pause launches. */
export interface SessionControls {
  stop(why: string): void;
  pause: PauseControl;
}

export interface SessionView {
  /** Session lines (into the live view once it shows, else printed). */
  log: (line: string) => void;
  /** The live view's observer factory; absent when plain lines are printed. */
  view?: (trials: readonly Trial[], record: SweepRecord, controls: SessionControls) => ControllerObserver & { close?(finalStatus?: SweepStatus): void | Promise<void> };
}

export async function sessionView(
  ctx: CliContext,
  flags: { output: string; ui?: boolean },
  retries: number,
  plain: (line: string) => void,
  /** A resumed sweep's log: the view shows what it already did. */
  prior: readonly TrialEvent[] = [],
): Promise<SessionView> {
  if (flags.ui === false || flags.output !== 'table' || !canShowLiveView(ctx.stdout)) return { log: plain };
  const live = (await loadTerminalUi()).run.liveRunView({ retries, prior });
  return { log: (line) => live.log(line), view: (trials, record, controls) => live.view(trials, record, controls) };
}
