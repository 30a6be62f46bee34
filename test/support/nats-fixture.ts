/**
 * A real nats-server for one test file: started before its tests, stopped after them with every
 * connection `connect()` opened.
 */
import type { NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll } from 'vitest';
import { connectNats } from '../../src/transport/nats/options.js';
import { NatsServer } from './nats-server.js';

export interface NatsFixture {
  readonly server: () => NatsServer;
  readonly connect: () => Promise<NatsConnection>;
}

export function useNatsServer(name: string): NatsFixture {
  let server: NatsServer | undefined;
  const connections: NatsConnection[] = [];
  beforeAll(async () => {
    server = await NatsServer.start();
  }, 30_000);
  afterAll(async () => {
    for (const nc of connections) await nc.close().catch(() => undefined);
    await server?.stop();
  });
  const started = (): NatsServer => {
    if (!server) throw new Error('the nats-server is not started yet (use it inside a test or hook)');
    return server;
  };
  return {
    server: started,
    connect: async () => {
      const nc = await connectNats({ servers: [started().url] }, { name });
      connections.push(nc);
      return nc;
    },
  };
}
