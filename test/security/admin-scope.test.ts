import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPitboss, startTestPitboss } from '../helpers/app.ts';
import { discover } from '../helpers/oidc-flow.ts';

/** Finding 12: a service client whose scope lost `admin` kept using its live admin token until it expired. */
describe('a service client that loses scope admin loses its live admin tokens', () => {
  let app: RunningPitboss & { close(): Promise<void> };
  const serviceToken = async (name: string) => {
    const created = await app.pitboss.clients.create({
      name,
      redirectUris: [],
      grantTypes: ['client_credentials'],
      scope: 'admin',
    });
    const rp = await discover(app.url, created.clientId, created.clientSecret);
    return {
      clientId: created.clientId,
      token: (await client.clientCredentialsGrant(rp, { scope: 'admin' })).access_token,
    };
  };
  const api = (token: string, path: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(`${app.url}/admin/api${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });

  beforeAll(async () => {
    app = await startTestPitboss();
  });
  afterAll(() => app.close());

  it('refuses the token on the next request once the client no longer has admin', async () => {
    const reports = await serviceToken('Reports tooling');
    const ops = await serviceToken('Ops tooling');
    expect((await api(reports.token, '/clients')).status).toBe(200);
    const patched = await api(ops.token, `/clients/${reports.clientId}`, {
      method: 'PATCH',
      body: { scope: 'email' },
    });
    expect(patched.status).toBe(200);
    const after = await api(reports.token, '/clients');
    expect(after.status).toBe(403);
    // The other client keeps working.
    expect((await api(ops.token, '/clients')).status).toBe(200);
  });
});
