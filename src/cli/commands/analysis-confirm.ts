/** `zapsweep confirm <sweepId> --seeds N [--top K]`: prints the confirmation spec (docs/racing.md "Confirming"). */
import { stringify } from 'yaml';
import { confirmationSpec } from '../../search/confirm.js';
import { parseSpecText } from '../../spec/load.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';
import { loadSweepState } from '../sweep-state.js';

export interface ConfirmFlags {
  seeds: number;
  top: number;
}

export async function confirmCommand(ctx: CliContext, sweepId: string, flags: ConfirmFlags): Promise<number> {
  const state = await loadSweepState(ctx.store, sweepId);
  if (state.results.configs.length === 0) throw new UsageError(`confirm: sweep ${sweepId} has no succeeded trials yet`);
  const spec = confirmationSpec(state.sweep, state.results, state.trials, flags);
  const text = `# zapsweep confirm ${sweepId} --seeds ${flags.seeds} --top ${flags.top}: run with \`zapsweep run <this file>\`\n${stringify(spec, { lineWidth: 0 })}`;
  parseSpecText(text, '<confirm>'); // what we print must load (a bug here is ours, not the user's)
  ctx.stdout.write(text);
  const shown = state.results.configs.slice(0, flags.top).length;
  ctx.stderr.write(`confirm: ${shown} configuration(s) of ${sweepId} x ${flags.seeds} fresh seed(s) = ${shown * flags.seeds} trials\n`);
  return 0;
}
