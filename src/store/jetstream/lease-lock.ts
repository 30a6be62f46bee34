/**
 * The JetStream store's controller lock, as a lease: KV bucket `zapsweep-leases`, whose entries the
 * server itself removes `ttl` after they were last written (the bucket's max age). The holder
 * renews its entry every ttl/3 (a compare-and-set on its own revision); a controller that dies,
 * on any host, stops renewing and its lock expires by itself, with no clock compared across hosts.
 * A lock left by a dead process on this host is taken over at once (its pid is not alive).
 * Hazard: a holder cut off from NATS for longer than the ttl loses its lease; the next renewal
 * sees another revision, stops, and reports it through `log`.
 * The ttl is fixed when the bucket is created (default 30 s); an existing bucket's ttl wins.
 */
import { hostname } from 'node:os';
import { Kvm, type KV } from '@nats-io/kv';
import { StorageType } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { isAlive } from '../records.js';
import { StoreWriteError } from '../store-errors.js';
import { StoreError } from '../types.js';

export const leaseBucket = 'zapsweep-leases';
export const defaultLeaseTtlMs = 30_000;

export interface LeaseOptions {
  /** Lease length for a bucket created now. */
  ttlMs?: number;
  /** Where lease trouble is reported (a lost lease). */
  log?: (line: string) => void;
  /** Called once when a held lease was lost (another controller may now take the sweep): stop. */
  onLost?: (sweepId: string) => void;
  /** This controller's host name (tests pose as another host). */
  host?: string;
}

interface Holder {
  host?: string;
  pid?: number;
}

export class LeaseLocks {
  private constructor(
    private readonly kv: KV,
    /** The bucket's lease length (ms). */
    readonly ttlMs: number,
    private readonly host: string,
    private readonly log: ((line: string) => void) | undefined,
    private readonly onLost: ((sweepId: string) => void) | undefined,
  ) {}

  static async open(nc: NatsConnection, o: LeaseOptions = {}): Promise<LeaseLocks> {
    const kv = await new Kvm(nc).create(leaseBucket, { history: 1, storage: StorageType.File, ttl: o.ttlMs ?? defaultLeaseTtlMs });
    const ttl = (await kv.status()).ttl;
    return new LeaseLocks(kv, ttl > 0 ? ttl : (o.ttlMs ?? defaultLeaseTtlMs), o.host ?? hostname(), o.log, o.onLost);
  }

  /** Takes sweep `id`'s lease or fails (StoreError) while a live controller holds it. */
  async acquire(id: string, pid: number): Promise<() => Promise<void>> {
    const me = JSON.stringify({ host: this.host, pid });
    let lastError: unknown;
    for (let tries = 0; tries < 3; tries++) {
      try {
        const revision = await this.kv.create(id, me);
        return this.hold(id, me, revision);
      } catch (err) {
        lastError = err;
      }
      const entry = await this.kv.get(id).catch(() => null);
      if (!entry || entry.operation !== 'PUT') continue; // expired or released meanwhile: try again
      const holder = parseHolder(entry.string());
      const deadHere = holder.host === this.host && (holder.pid === pid || !isAlive(holder.pid ?? 0));
      if (!deadHere) {
        throw new StoreError(
          `sweep ${id} is being run by another controller (pid ${String(holder.pid)} on ${String(holder.host)}); if that controller is dead, its lock expires by itself within ${Math.ceil(this.ttlMs / 1000)} s`,
        );
      }
      await this.kv.purge(id).catch(() => undefined);
    }
    throw new StoreWriteError(`KV ${leaseBucket} key ${id}`, lastError, 'write the lock');
  }

  private hold(id: string, me: string, first: number): () => Promise<void> {
    let revision = first;
    let lost = false;
    let renewing = false;
    const renew = async (): Promise<void> => {
      if (renewing || lost) return;
      renewing = true;
      try {
        revision = await this.kv.update(id, me, revision);
      } catch {
        const entry = await this.kv.get(id).catch(() => undefined);
        // undefined: NATS unreachable now; keep trying at the next beat.
        if (entry !== undefined && (entry === null || entry.revision !== revision)) {
          lost = true;
          clearInterval(beat);
          this.log?.(`lost the lock on sweep ${id}: it was not renewed for ${Math.ceil(this.ttlMs / 1000)} s (NATS unreachable?) and expired`);
          this.onLost?.(id);
        }
      } finally {
        renewing = false;
      }
    };
    let inFlight: Promise<void> = Promise.resolve();
    const beat = setInterval(() => {
      inFlight = renew();
    }, Math.max(50, Math.floor(this.ttlMs / 3)));
    beat.unref();
    return async () => {
      clearInterval(beat);
      await inFlight;
      if (lost) return;
      const entry = await this.kv.get(id).catch(() => null);
      if (entry && entry.revision === revision) await this.kv.delete(id).catch(() => undefined);
    };
  }
}

function parseHolder(text: string): Holder {
  try {
    const h = JSON.parse(text) as Holder;
    return typeof h === 'object' && h !== null ? h : {};
  } catch {
    return {};
  }
}
