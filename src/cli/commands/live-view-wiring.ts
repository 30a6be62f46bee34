/**
 * Chooses how `run`/`resume` show progress: the live view (Ink) when stdout and stdin are
 * terminals, the output is a table and --no-ui is absent; the plain lines otherwise.
 */
import { canShowLiveView, loadTerminalUi } from '../../ui/terminal/load.js';
import type { CliContext } from '../context.js';
import type { SessionOptions } from '../sweep-session.js';

export async function sessionView(
  ctx: CliContext,
  flags: { output: string; ui?: boolean },
  retries: number,
  plain: (line: string) => void,
  resumedId?: string,
): Promise<Pick<SessionOptions, 'log' | 'view'>> {
  if (flags.ui === false || flags.output !== 'table' || !canShowLiveView(ctx.stdout)) return { log: plain };
  // A resumed sweep shows what it already did.
  const prior = resumedId === undefined ? [] : (await ctx.store.readEvents(resumedId)).events.filter((e) => e.sweepId === resumedId);
  const live = (await loadTerminalUi()).run.liveRunView({ retries, prior });
  return { log: (line) => live.log(line), view: (trials, record, controls) => live.view(trials, record, controls) };
}
