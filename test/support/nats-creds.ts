/**
 * Offline operator-mode auth for tests (no `nsc`): an operator, one JetStream-enabled account and
 * one user, as NATS JWTs signed with nkeys; the server config (resolver MEMORY, account preloaded)
 * and a user credentials file. A second, unknown user gives "wrong credentials".
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nkeys } from '@nats-io/transport-node';

type KeyPair = ReturnType<typeof nkeys.createOperator>;

const b64url = (data: string | Uint8Array): string => Buffer.from(data).toString('base64url');
const dec = (u: Uint8Array): string => new TextDecoder().decode(u);

function jwt(signer: KeyPair, subject: KeyPair, name: string, nats: Record<string, unknown>): string {
  const claims: Record<string, unknown> = { iat: Math.floor(Date.now() / 1000), iss: signer.getPublicKey(), name, sub: subject.getPublicKey(), nats: { ...nats, version: 2 } };
  claims['jti'] = createHash('sha256').update(JSON.stringify(claims)).digest('base64url').toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 52);
  const head = `${b64url(JSON.stringify({ typ: 'JWT', alg: 'ed25519-nkey' }))}.${b64url(JSON.stringify(claims))}`;
  return `${head}.${b64url(signer.sign(new TextEncoder().encode(head)))}`;
}

function creds(userJwt: string, user: KeyPair): string {
  return `-----BEGIN NATS USER JWT-----\n${userJwt}\n------END NATS USER JWT------\n\n-----BEGIN USER NKEY SEED-----\n${dec(user.getSeed())}\n------END USER NKEY SEED------\n`;
}

export interface OperatorAuth {
  /** nats-server config text (give it to NatsServer as `{ kind: 'config' }`). */
  config: string;
  /** A credentials file the server accepts. */
  goodCreds: string;
  /** A credentials file signed by an account the server does not know. */
  badCreds: string;
}

export function makeOperatorAuth(dir: string): OperatorAuth {
  const operator = nkeys.createOperator();
  const account = nkeys.createAccount();
  const user = nkeys.createUser();
  const unlimited = { subs: -1, data: -1, payload: -1, imports: -1, exports: -1, wildcards: true, conn: -1, leaf: -1, mem_storage: -1, disk_storage: -1, streams: -1, consumer: -1 };
  const operatorJwt = jwt(operator, operator, 'test-operator', { type: 'operator' });
  const accountJwt = jwt(operator, account, 'test-account', { type: 'account', limits: unlimited, default_permissions: { pub: {}, sub: {} } });
  const userJwt = jwt(account, user, 'test-user', { type: 'user', pub: {}, sub: {}, subs: -1, data: -1, payload: -1 });
  const stranger = nkeys.createAccount();
  const other = nkeys.createUser();
  const strangerJwt = jwt(stranger, other, 'stranger', { type: 'user', pub: {}, sub: {}, subs: -1, data: -1, payload: -1 });
  const goodCreds = join(dir, 'user.creds');
  const badCreds = join(dir, 'stranger.creds');
  writeFileSync(goodCreds, creds(userJwt, user));
  writeFileSync(badCreds, creds(strangerJwt, other));
  // JetStream needs a system account in operator mode.
  const system = nkeys.createAccount();
  const systemJwt = jwt(operator, system, 'SYS', { type: 'account', limits: { ...unlimited, mem_storage: 0, disk_storage: 0 }, default_permissions: { pub: {}, sub: {} } });
  const config = [
    `operator: ${operatorJwt}`,
    `system_account: ${system.getPublicKey()}`,
    'resolver: MEMORY',
    `resolver_preload: {\n  ${account.getPublicKey()}: ${accountJwt}\n  ${system.getPublicKey()}: ${systemJwt}\n}`,
    '',
  ].join('\n');
  return { config, goodCreds, badCreds };
}
