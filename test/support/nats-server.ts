/**
 * A real nats-server (2.9+) for one test suite: a free port, a fresh JetStream store directory,
 * optional auth (user/password, token, TLS, or an operator config for credentials files).
 * `kill()` SIGKILLs it; `restart()` starts it again on the same port and store.
 * Fails fast with "nats-server not found on PATH (apt-get install nats-server)".
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export type NatsServerAuth =
  | { kind: 'user'; user: string; password: string }
  | { kind: 'token'; token: string }
  /** Operator mode: the config text (operator JWT, resolver MEMORY, preloaded accounts). */
  | { kind: 'config'; config: string };

export interface NatsServerOptions {
  auth?: NatsServerAuth;
  /** Server TLS: certificate and key files (clients verify it against their CA). */
  tls?: { cert: string; key: string };
}

export function findNatsServer(): string {
  const dirs = [...(process.env['PATH'] ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin'];
  for (const d of dirs) {
    const candidate = join(d, 'nats-server');
    if (d !== '' && existsSync(candidate)) return candidate;
  }
  throw new Error('nats-server not found on PATH (apt-get install nats-server)');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export class NatsServer {
  private child: ChildProcess | undefined;

  private constructor(
    private readonly binary: string,
    readonly port: number,
    readonly storeDir: string,
    private readonly o: NatsServerOptions,
  ) {}

  static async start(o: NatsServerOptions = {}): Promise<NatsServer> {
    const binary = findNatsServer();
    const dir = mkdtempSync(join(tmpdir(), 'zapsweep-nats-'));
    const server = new NatsServer(binary, await freePort(), join(dir, 'js'), o);
    if (o.auth?.kind === 'config') writeFileSync(join(dir, 'server.conf'), o.auth.config);
    await server.launch();
    return server;
  }

  get url(): string {
    return `${this.o.tls ? 'tls' : 'nats'}://127.0.0.1:${this.port}`;
  }

  /** Starts the server (again) on the same port and store; resolves when it accepts clients. */
  private launch(): Promise<void> {
    const args = ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.storeDir];
    const auth = this.o.auth;
    if (auth?.kind === 'user') args.push('--user', auth.user, '--pass', auth.password);
    if (auth?.kind === 'token') args.push('--auth', auth.token);
    if (auth?.kind === 'config') args.push('-c', join(this.storeDir, '..', 'server.conf'));
    if (this.o.tls) args.push('--tls', '--tlscert', this.o.tls.cert, '--tlskey', this.o.tls.key);
    const child = spawn(this.binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    let log = '';
    return new Promise((resolve, reject) => {
      child.stderr?.setEncoding('utf8').on('data', (d: string) => {
        log += d;
        if (log.includes('Server is ready')) resolve();
      });
      child.once('exit', (code, signal) => reject(new Error(`nats-server exited (${String(code ?? signal)}) before it was ready:\n${log}`)));
      child.once('error', reject);
    });
  }

  /** SIGKILL: no clean shutdown, the store stays as it was. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  async restart(): Promise<void> {
    await this.kill();
    await this.launch();
  }

  async stop(): Promise<void> {
    await this.kill();
  }
}

/** A self-signed CA and a server certificate for 127.0.0.1 (openssl), for TLS tests. */
export function makeTlsFiles(): { ca: string; cert: string; key: string } {
  const dir = mkdtempSync(join(tmpdir(), 'zapsweep-tls-'));
  const f = (n: string): string => join(dir, n);
  const run = (args: string[]): void => {
    const r = spawnSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`openssl ${args[0] ?? ''} failed: ${r.stderr}`);
  };
  run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=zapsweep-test-ca', '-keyout', f('ca.key'), '-out', f('ca.pem')]);
  run(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', f('server.key'), '-out', f('server.csr')]);
  writeFileSync(f('ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  run(['x509', '-req', '-in', f('server.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial', '-days', '2', '-extfile', f('ext.cnf'), '-out', f('server.pem')]);
  return { ca: f('ca.pem'), cert: f('server.pem'), key: f('server.key') };
}
