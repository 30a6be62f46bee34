/**
 * The checkpoint store and stage claims beside the results store in use (docs/proposals/
 * pretrain-sharing.md): with --nats (or a worker's NATS settings), the NATS object store and KV
 * claims on the store's connection; else files under the store directory and no claims (a local
 * controller schedules stages itself). NATS adapters load only when used.
 */
import type { NatsConnection } from '@nats-io/transport-node';
import type { LabelledCheckpointStore } from '../checkpoints/open-store.js';
import type { StageClaims } from '../checkpoints/stage-claims.js';
import type { CliContext } from './context.js';

/** The NATS connection the store in use lends (with --nats, or a worker's NATS settings); else undefined. */
export function connectionOf(ctx: CliContext): (() => Promise<NatsConnection>) | undefined {
  const lender = ctx.store as { connection?: () => Promise<NatsConnection> };
  return ctx.nats && typeof lender.connection === 'function' ? () => (lender.connection as () => Promise<NatsConnection>)() : undefined;
}

export async function checkpointStoreFor(ctx: CliContext): Promise<LabelledCheckpointStore> {
  const { openCheckpointStore } = await import('../checkpoints/open-store.js');
  const connection = connectionOf(ctx);
  return connection ? openCheckpointStore({ nats: await connection() }) : openCheckpointStore({ root: ctx.store.root });
}

/** KV claims with NATS; undefined without (a local controller never starts a stage twice at once). */
export async function stageClaimsFor(ctx: CliContext): Promise<StageClaims | undefined> {
  const connection = connectionOf(ctx);
  if (!connection) return undefined;
  const { openStageClaims } = await import('../checkpoints/open-store.js');
  return openStageClaims({ nats: await connection() });
}
