import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClientStore } from '../../adapters/postgres/client-store.ts';
import {
  backchannelUriPolicy,
  backchannelUriProblem,
  isPrivateAddress,
} from '../../server/logout/backchannel-uri-policy.ts';
import { runCli } from '../helpers/cli.ts';
import { discover, login, REDIRECT_URI } from '../helpers/oidc-flow.ts';
import { type LogoutFixture, startLogoutFixture } from './fixture.ts';
import { waitFor } from './receiver.ts';

const strict = backchannelUriPolicy({ NODE_ENV: 'test', ISSUER: 'https://pitboss.example' });

describe('back-channel logout URI policy', () => {
  it('classifies loopback, private, link-local and unspecified addresses', () => {
    for (const ip of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
    ])
      expect(isPrivateAddress(ip), ip).toBe(true);
    for (const ip of ['0.0.0.0', '::', '::1', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1'])
      expect(isPrivateAddress(ip), ip).toBe(true);
    for (const ip of ['8.8.8.8', '172.32.0.1', '192.169.0.1', '2606:4700:4700::1111', 'example.com'])
      expect(isPrivateAddress(ip), ip).toBe(false);
  });

  it('defaults: allowed for a localhost issuer, refused elsewhere unless configured; https in production', () => {
    expect(backchannelUriPolicy({ NODE_ENV: 'development', ISSUER: 'http://localhost:3000' })).toEqual({
      requireHttps: false,
      allowPrivate: true,
    });
    expect(strict.allowPrivate).toBe(false);
    const prod = backchannelUriPolicy({ NODE_ENV: 'production', ISSUER: 'https://id.example' });
    expect(prod).toEqual({ requireHttps: true, allowPrivate: false });
    // A production instance on a local issuer (as the benchmark runs) may use local http receivers.
    expect(backchannelUriPolicy({ NODE_ENV: 'production', ISSUER: 'http://localhost:3000' })).toEqual({
      requireHttps: false,
      allowPrivate: true,
    });
    expect(
      backchannelUriPolicy({
        NODE_ENV: 'test',
        ISSUER: 'https://id.example',
        BACKCHANNEL_ALLOW_PRIVATE: true,
      }),
    ).toMatchObject({ allowPrivate: true });
    expect(backchannelUriProblem('http://studio.example/bc', prod)).toMatch(/https/);
    expect(backchannelUriProblem('https://studio.example/bc', prod)).toBeUndefined();
    for (const uri of [
      'http://169.254.169.254/latest',
      'http://[fe80::1]/bc',
      'http://localhost:8080/bc',
      'http://0.0.0.0/',
    ])
      expect(backchannelUriProblem(uri, strict), uri).toMatch(/BACKCHANNEL_ALLOW_PRIVATE/);
  });
});

describe('back-channel logout SSRF guard end to end', () => {
  let f: LogoutFixture;
  let db: LogoutFixture['db'];
  let app: LogoutFixture['app'];
  let receiver: LogoutFixture['receiver'];

  // A localhost issuer would allow private targets by default: refuse them explicitly.
  beforeAll(async () => {
    f = await startLogoutFixture({ env: { BACKCHANNEL_ALLOW_PRIVATE: 'false' }, register: false });
    ({ db, app, receiver } = f);
  });
  afterAll(() => f?.close());

  it('refuses a private back-channel URI at registration, naming the CLI flag', async () => {
    const refused = await cli(db.url, ['--backchannel-logout-uri', 'http://192.168.1.10/bc']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/--backchannel-logout-uri: must not point to a loopback, private/);
    // Through the app's own store (admin API and UI use it), the field is named.
    await expect(
      app.pitboss.clients.create({
        name: 'S',
        redirectUris: [REDIRECT_URI],
        backchannelLogoutUri: 'http://10.0.0.8/bc',
      }),
    ).rejects.toMatchObject({ field: 'backchannelLogoutUri' });
    expect((await cli(db.url, ['--backchannel-logout-uri', 'https://studio.example/bc'])).code).toBe(0);
  });

  it('refuses at send time a URI whose host resolves to loopback: failed, audited, never sent', async () => {
    // Registered while private targets were allowed (or before the name moved): only the send-time check stands.
    const lenient = createClientStore(db.pool, { requireHttps: false, allowPrivate: true });
    const created = await lenient.create({
      name: 'Rebinding Studio',
      redirectUris: [REDIRECT_URI],
      backchannelLogoutUri: receiver.url.replace('127.0.0.1', 'localhost'),
    });
    f.clientId = created.clientId;
    const clientId = f.clientId;
    const player = { email: 'ssrf@example.com', password: 'ssrf password 1' };
    const account = await app.pitboss.accounts.create(player);
    await login(await discover(app.url, clientId, created.clientSecret), player);
    await app.pitboss.terminator.endAllForAccount(account.id, 'admin');
    let row: Awaited<ReturnType<typeof app.pitboss.logout.outbox.list>>[number] | undefined;
    await waitFor(async () => {
      [row] = await app.pitboss.logout.outbox.list({ status: 'failed' });
      return row !== undefined;
    }, 15_000);
    expect(row).toMatchObject({ clientId, attempts: 1 });
    expect(row!.lastError).toMatch(/localhost.*BACKCHANNEL_ALLOW_PRIVATE/);
    // The audit trail may be written asynchronously (Redis stream to Postgres): wait for the row.
    let rows: { outcome: string; detail: Record<string, unknown> }[] = [];
    await waitFor(async () => {
      ({ rows } = await db.pool.query(
        `select outcome, detail from audit_log where type = 'backchannel.delivery' and detail->>'jti' = $1`,
        [row!.jti],
      ));
      return rows.length > 0;
    }, 15_000);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ outcome: 'failure', detail: { result: 'failed', status: null } });
    expect(receiver.hits).toHaveLength(0);
  });
});

function cli(url: string, extra: string[]) {
  const args = ['client', 'add', '--name', 'Studio', '--redirect-uri', 'https://s.example/cb', ...extra];
  return runCli(args, { DATABASE_URL: url, ISSUER: 'https://pitboss.example' });
}
