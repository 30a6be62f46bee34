/**
 * Wires NATS when a server is named (`--nats URL` or NATS_URL): the JetStream store replaces the
 * file store, the controller consumes from the sweep's durable consumer, and local workers get the
 * connection settings through their environment (secrets never appear in argv). The NATS client
 * is imported only then: commands without NATS never load it.
 */
import type { Command } from 'commander';
import type { NatsConnection } from '@nats-io/transport-node';
import type { SweepStatus } from '../store/types.js';
import { IpcInbox } from '../transport/ipc/inbox.js';
import type { NatsFlags } from '../transport/nats/options.js';
import type { EventInbox } from '../transport/types.js';
import type { CliContext } from './context.js';

export function addNatsOptions(program: Command): Command {
  return program
    .option('--nats <urls>', 'NATS server URL(s), comma-separated: events and results go through JetStream (env NATS_URL)')
    .option('--nats-user <user>', 'NATS user (env NATS_USER)')
    .option('--nats-password <password>', 'NATS password (env NATS_PASSWORD)')
    .option('--nats-token <token>', 'NATS token (env NATS_TOKEN)')
    .option('--nats-creds <file>', 'NATS credentials file (env NATS_CREDS)')
    .option('--nats-ca <file>', 'CA certificate to verify the NATS server (env NATS_CA)')
    .option('--nats-cert <file>', 'client certificate for NATS (env NATS_CERT)')
    .option('--nats-key <file>', 'client key for NATS (env NATS_KEY)')
    .option('--nats-deadline <duration>', 'worker: give up publishing after this long without NATS, e.g. 5m (env ZAPSWEEP_NATS_DEADLINE)');
}

/** Runs a command with NATS wired in when configured; releases the connection afterwards. */
export async function withNats(ctx: CliContext, flags: NatsFlags & { natsDeadline?: string }, action: (ctx: CliContext) => Promise<number> | number): Promise<number> {
  const named = (flags.nats ?? process.env['NATS_URL'] ?? '') !== '';
  if (!named) return action(ctx);
  const [{ natsSettings }, { LazyJetStreamStore }] = await Promise.all([import('../transport/nats/options.js'), import('../store/jetstream/lazy-store.js')]);
  const settings = natsSettings(flags);
  if (!settings) return action(ctx);
  const log = (line: string): void => void ctx.stderr.write(`nats: ${line}\n`);
  const store = new LazyJetStreamStore(settings, ctx.store.root, 'zapsweep', {
    lease: {
      log,
      // Another controller may take the sweep now: stop as Ctrl-C would (the session stops cleanly).
      onLost: (sweepId) => {
        log(`lost the lock on ${sweepId}: stopping`);
        process.kill(process.pid, 'SIGTERM');
      },
    },
  });
  const deadline = flags.natsDeadline ?? process.env['ZAPSWEEP_NATS_DEADLINE'];
  const natsCtx: CliContext = { ...ctx, store, nats: { settings, ...(deadline === undefined ? {} : { deadline }) } };
  try {
    return await action(natsCtx);
  } finally {
    await store.close();
  }
}

export interface SessionTransport {
  inbox: EventInbox;
  /** Where the local executor pushes child IPC messages (unused by NATS workers). */
  ipc: IpcInbox;
  /** Extra environment for local workers. */
  workerEnv: Record<string, string>;
  /** After the controller: a finished sweep's durable consumer is removed; an interrupted one kept. */
  finish(status: SweepStatus): Promise<void>;
}

/** The store withNats put in place lends its connection to the controller's inbox. */
function lendsConnection(store: object): store is { connection(): Promise<NatsConnection> } {
  return typeof (store as { connection?: unknown }).connection === 'function';
}

export async function openTransport(ctx: CliContext, sweepId: string): Promise<SessionTransport> {
  const ipc = new IpcInbox();
  if (!ctx.nats || !lendsConnection(ctx.store)) return { inbox: ipc, ipc, workerEnv: {}, finish: () => Promise.resolve() };
  const [{ NatsInbox }, { settingsEnv }] = await Promise.all([import('../transport/nats/inbox.js'), import('../transport/nats/options.js')]);
  const inbox = await NatsInbox.open(await ctx.store.connection(), sweepId, { log: (line) => void ctx.stderr.write(`nats: ${line}\n`) });
  const workerEnv = { ...settingsEnv(ctx.nats.settings), ...(ctx.nats.deadline === undefined ? {} : { ZAPSWEEP_NATS_DEADLINE: ctx.nats.deadline }) };
  return {
    inbox,
    ipc,
    workerEnv,
    finish: async (status) => {
      if (status !== 'interrupted') await inbox.forget();
    },
  };
}
