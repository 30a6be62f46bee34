import { afterAll, describe, expect, it } from 'vitest';
import { connectNats, natsSettings, NatsConnectError } from '../../src/transport/nats/options.js';
import { jetstreamManager } from '@nats-io/jetstream';
import { ensureEventStream } from '../../src/transport/nats/streams.js';
import { tempDir } from '../support/builders.js';
import { runCli } from '../support/cli.js';
import { makeOperatorAuth } from '../support/nats-creds.js';
import { makeTlsFiles, NatsServer } from '../support/nats-server.js';

describe('NATS connection settings', () => {
  it.each([
    [{}, {}, undefined],
    [{ nats: 'nats://a:1,nats://b:2' }, {}, { servers: ['nats://a:1', 'nats://b:2'] }],
    [{}, { NATS_URL: 'nats://e:1', NATS_USER: 'u', NATS_PASSWORD: 'p' }, { servers: ['nats://e:1'], user: 'u', password: 'p' }],
    [{ nats: 'nats://f:1', natsToken: 'flag' }, { NATS_URL: 'nats://e:1', NATS_TOKEN: 'env' }, { servers: ['nats://f:1'], token: 'flag' }],
    [{ nats: 'tls://f:1', natsCa: 'ca.pem' }, { NATS_CREDS: 'u.creds' }, { servers: ['tls://f:1'], creds: 'u.creds', tls: { ca: 'ca.pem' } }],
  ])('flags %j and env %j give %j', (flags, env, expected) => {
    expect(natsSettings(flags, env)).toEqual(expected);
  });

  it('rejects a certificate without its key', () => {
    expect(() => natsSettings({ nats: 'tls://x:1', natsCert: 'c.pem' }, {})).toThrow(/go together/);
  });

  it('fails at once with one sentence when no server listens', async () => {
    const err = await connectNats({ servers: ['nats://127.0.0.1:1'] }, { name: 't' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NatsConnectError);
    expect((err as NatsConnectError).message).toMatch(/^cannot reach the NATS server at nats:\/\/127\.0\.0\.1:1 /);
    expect((err as NatsConnectError).exitCode).toBe(2);
  });
});

describe('authentication against a real nats-server', () => {
  const servers: NatsServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.stop();
  });
  const start = async (o: Parameters<typeof NatsServer.start>[0]): Promise<NatsServer> => {
    const s = await NatsServer.start(o);
    servers.push(s);
    return s;
  };

  it('user and password: right ones connect, wrong ones get a clear refusal', async () => {
    const s = await start({ auth: { kind: 'user', user: 'alice', password: 's3cret' } });
    const nc = await connectNats({ servers: [s.url], user: 'alice', password: 's3cret' }, { name: 't' });
    await nc.close();
    const err = await connectNats({ servers: [s.url], user: 'alice', password: 'nope' }, { name: 't' }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/refused the credentials/);
    expect((err as Error).message).not.toContain('nope');
    // The CLI: flags or environment, one sentence, exit 2.
    const ok = await runCli(['--store', tempDir(), 'ls', '--nats', s.url, '--nats-user', 'alice', '--nats-password', 's3cret']);
    expect(ok.code, ok.stderr).toBe(0);
    const bad = await runCli(['--store', tempDir(), 'ls', '--nats', s.url, '--nats-user', 'alice', '--nats-password', 'nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe(`zapsweep: the NATS server at ${s.url} refused the credentials (authorization violation)`);
  });

  it('token: right one connects, wrong one is refused', async () => {
    const s = await start({ auth: { kind: 'token', token: 'tok-1' } });
    const nc = await connectNats({ servers: [s.url], token: 'tok-1' }, { name: 't' });
    await nc.close();
    const err = await connectNats({ servers: [s.url], token: 'tok-2' }, { name: 't' }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/refused the credentials/);
  });

  it('TLS: the right CA connects, no CA fails the handshake', async () => {
    const files = makeTlsFiles();
    const s = await start({ tls: { cert: files.cert, key: files.key } });
    const nc = await connectNats({ servers: [s.url], tls: { ca: files.ca } }, { name: 't' });
    await nc.close();
    const err = await connectNats({ servers: [s.url] }, { name: 't' }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/TLS|cannot reach/);
  });
});

describe('credentials file (operator mode, resolver MEMORY, JWTs made offline)', () => {
  it('the right credentials connect and can use JetStream; unknown ones are refused', async () => {
    const auth = makeOperatorAuth(tempDir());
    const s = await NatsServer.start({ auth: { kind: 'config', config: auth.config } });
    try {
      const nc = await connectNats({ servers: [s.url], creds: auth.goodCreds }, { name: 't' });
      const jsm = await jetstreamManager(nc);
      await ensureEventStream(jsm);
      await nc.close();
      const err = await connectNats({ servers: [s.url], creds: auth.badCreds }, { name: 't' }).catch((e: unknown) => e);
      expect((err as Error).message).toMatch(/refused the credentials/);
    } finally {
      await s.stop();
    }
  });
});
