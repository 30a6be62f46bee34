/**
 * `zapsweep rm <sweepId>`: removes a sweep for good from the store in use (file store, or with
 * --nats the JetStream store: results, transport events, consumer, keys). It asks first; `--yes`
 * skips the question, and without a terminal to ask on it refuses (exit 2). The store refuses
 * while a controller holds the sweep's lock. Export first if the results matter:
 * `zapsweep export <sweepId> --trials > trials.csv`.
 */
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';

type Run = (action: (ctx: CliContext) => Promise<number> | number) => Promise<void>;

export interface RmFlags {
  yes?: boolean;
}

export function registerRmCommand(program: Command, run: Run): void {
  program
    .command('rm')
    .description('remove a sweep and all its events from the store (asks first; never while a controller runs it)')
    .argument('<sweepId>')
    .option('-y, --yes', 'do not ask for confirmation')
    .action((id: string, o: RmFlags) => run((ctx) => rmCommand(ctx, id, o)));
}

export async function rmCommand(ctx: CliContext, sweepId: string, flags: RmFlags): Promise<number> {
  const { store } = ctx;
  if (store.removeSweep === undefined) throw new UsageError(`rm: the store ${store.root} cannot remove sweeps`);
  const record = await store.getSweep(sweepId).catch(() => undefined);
  const what = record ? `sweep ${sweepId} (${record.name}, ${record.status}, ${record.totalTrials} trials)` : `sweep ${sweepId}`;
  if (flags.yes !== true) {
    if (ctx.stdin?.isTTY !== true) throw new UsageError(`rm: will not remove ${what} without confirmation, and there is no terminal to ask on: pass --yes`);
    const rl = createInterface({ input: ctx.stdin, output: ctx.stderr });
    const answer = await rl.question(`remove ${what} and all its events from ${store.root}? [y/N] `).finally(() => rl.close());
    if (!/^y(es)?$/i.test(answer.trim())) {
      ctx.stderr.write('rm: nothing removed\n');
      return 1;
    }
  }
  await store.removeSweep(sweepId);
  ctx.stdout.write(`removed ${what} from ${store.root}\n`);
  return 0;
}
