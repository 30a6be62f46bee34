/**
 * NATS connection settings, shared by the worker, the controller and the JetStream store.
 * Flags win over the environment: NATS_URL (comma-separated), NATS_USER, NATS_PASSWORD,
 * NATS_TOKEN, NATS_CREDS, NATS_CA, NATS_CERT, NATS_KEY.
 * Contract: `connectNats` never hangs on an unreachable server; it fails with one sentence
 * (NatsConnectError, exit code 2) that names the server but never a secret.
 */
import { readFile } from 'node:fs/promises';
import { connect, credsAuthenticator, type NatsConnection, type NodeConnectionOptions } from '@nats-io/transport-node';
import { ZapsweepError } from '../../errors.js';

export interface NatsSettings {
  servers: string[];
  user?: string;
  password?: string;
  token?: string;
  /** A credentials file (user JWT + nkey seed). */
  creds?: string;
  tls?: { ca?: string; cert?: string; key?: string };
}

/** The CLI flags (commander camel-cases `--nats-user` to `natsUser`). */
export interface NatsFlags {
  nats?: string;
  natsUser?: string;
  natsPassword?: string;
  natsToken?: string;
  natsCreds?: string;
  natsCa?: string;
  natsCert?: string;
  natsKey?: string;
}

export class NatsConnectError extends ZapsweepError {
  override readonly name = 'NatsConnectError';
  constructor(message: string, retryable: boolean, options?: { cause?: unknown }) {
    super(message, { cause: options?.cause, retryable, exitCode: 2 });
  }
}

/** Settings from flags, then the environment; undefined when no server is named (use IPC/files). */
export function natsSettings(flags: NatsFlags, env: NodeJS.ProcessEnv = process.env): NatsSettings | undefined {
  const pick = (flag: string | undefined, name: string): string | undefined => {
    const v = flag ?? env[name];
    return v === undefined || v === '' ? undefined : v;
  };
  const url = pick(flags.nats, 'NATS_URL');
  if (url === undefined) return undefined;
  const servers = url.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (servers.length === 0) throw new NatsConnectError(`--nats: expected a server URL such as nats://127.0.0.1:4222, found "${url}"`, false);
  const s: NatsSettings = { servers };
  const user = pick(flags.natsUser, 'NATS_USER');
  const password = pick(flags.natsPassword, 'NATS_PASSWORD');
  const token = pick(flags.natsToken, 'NATS_TOKEN');
  const creds = pick(flags.natsCreds, 'NATS_CREDS');
  if (user !== undefined) s.user = user;
  if (password !== undefined) s.password = password;
  if (token !== undefined) s.token = token;
  if (creds !== undefined) s.creds = creds;
  const ca = pick(flags.natsCa, 'NATS_CA');
  const cert = pick(flags.natsCert, 'NATS_CERT');
  const key = pick(flags.natsKey, 'NATS_KEY');
  if (ca !== undefined || cert !== undefined || key !== undefined) {
    if ((cert === undefined) !== (key === undefined)) throw new NatsConnectError('--nats-cert and --nats-key go together: give both or neither', false);
    s.tls = { ...(ca === undefined ? {} : { ca }), ...(cert === undefined ? {} : { cert }), ...(key === undefined ? {} : { key }) };
  }
  return s;
}

/** The environment that hands these settings to a child process (secrets stay out of argv). */
export function settingsEnv(s: NatsSettings): Record<string, string> {
  const env: Record<string, string> = { NATS_URL: s.servers.join(',') };
  const put = (name: string, v: string | undefined): void => {
    if (v !== undefined) env[name] = v;
  };
  put('NATS_USER', s.user);
  put('NATS_PASSWORD', s.password);
  put('NATS_TOKEN', s.token);
  put('NATS_CREDS', s.creds);
  put('NATS_CA', s.tls?.ca);
  put('NATS_CERT', s.tls?.cert);
  put('NATS_KEY', s.tls?.key);
  return env;
}

export function describeServers(s: NatsSettings): string {
  return s.servers.map((u) => u.replace(/\/\/[^@/]*@/, '//')).join(', ');
}

export interface ConnectOptions {
  /** Shown in the server's connection list. */
  name: string;
  /** How long the first connection may take. */
  timeoutMs?: number;
}

async function connectionOptions(s: NatsSettings, o: ConnectOptions): Promise<NodeConnectionOptions> {
  const opts: NodeConnectionOptions = {
    servers: s.servers,
    name: o.name,
    timeout: o.timeoutMs ?? 5000,
    // After the first connection: keep reconnecting; publishers and consumers ride out outages.
    reconnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    waitOnFirstConnect: false,
    // Without this every request (each acked publish) builds two Error objects for their stack
    // traces up front: a third of a publisher's CPU in a profile. Our errors carry their own context.
    noAsyncTraces: true,
  };
  if (s.user !== undefined) opts.user = s.user;
  if (s.password !== undefined) opts.pass = s.password;
  if (s.token !== undefined) opts.token = s.token;
  if (s.creds !== undefined) {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(s.creds);
    } catch (cause) {
      throw new NatsConnectError(`cannot read the NATS credentials file ${s.creds}`, false, { cause });
    }
    opts.authenticator = credsAuthenticator(bytes);
  }
  if (s.tls) {
    opts.tls = {
      ...(s.tls.ca === undefined ? {} : { caFile: s.tls.ca }),
      ...(s.tls.cert === undefined ? {} : { certFile: s.tls.cert }),
      ...(s.tls.key === undefined ? {} : { keyFile: s.tls.key }),
    };
  }
  return opts;
}

/** Connects once; unreachable servers and refused credentials become one clear sentence. */
export async function connectNats(s: NatsSettings, o: ConnectOptions): Promise<NatsConnection> {
  const opts = await connectionOptions(s, o);
  try {
    return await connect(opts);
  } catch (cause) {
    throw explainConnectError(s, cause);
  }
}

export function explainConnectError(s: NatsSettings, cause: unknown): NatsConnectError {
  const where = describeServers(s);
  const code = cause instanceof Error && 'code' in cause && typeof cause.code === 'string' ? cause.code : '';
  const text = cause instanceof Error ? `${cause.message} ${code}` : String(cause);
  if (/authori[sz]ation|authentication|user.*(expired|revoked)/i.test(text)) {
    return new NatsConnectError(`the NATS server at ${where} refused the credentials (authorization violation)`, false, { cause });
  }
  if (/tls|certificate|self.signed|ssl/i.test(text)) {
    return new NatsConnectError(`TLS handshake with the NATS server at ${where} failed: ${firstLine(text)}`, false, { cause });
  }
  return new NatsConnectError(`cannot reach the NATS server at ${where} (${firstLine(text)}); is nats-server running with -js?`, true, { cause });
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? text;
}
