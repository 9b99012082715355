import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPitboss, startTestPitboss } from '../helpers/app.ts';
import { discover, REDIRECT_URI } from '../helpers/oidc-flow.ts';

/** Finding 11: the blocklist missed CGNAT, benchmarking, 6to4, NAT64, site-local, multicast and broadcast. */
describe('back-channel logout URIs: only global unicast addresses', () => {
  let app: RunningPitboss & { close(): Promise<void> };
  let token: string;

  beforeAll(async () => {
    app = await startTestPitboss({ redis: false, env: { BACKCHANNEL_ALLOW_PRIVATE: 'false' } });
    const ops = await app.pitboss.clients.create({
      name: 'Ops',
      redirectUris: [],
      grantTypes: ['client_credentials'],
      scope: 'admin',
    });
    const opsRp = await discover(app.url, ops.clientId, ops.clientSecret);
    token = (await client.clientCredentialsGrant(opsRp, { scope: 'admin' })).access_token;
  });
  afterAll(() => app.close());

  const register = (backchannelLogoutUri: string) =>
    fetch(`${app.url}/admin/api/clients`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Studio',
        redirectUris: [REDIRECT_URI],
        backchannelLogoutUri,
      }),
    });

  it.each([
    'http://100.100.100.200/latest/meta-data', // CGNAT range, a cloud metadata service
    'http://198.18.0.1/bc', // benchmarking
    'http://192.0.0.170/bc', // IETF protocol assignments
    'http://[64:ff9b::a9fe:a9fe]/bc', // NAT64 of 169.254.169.254
    'http://[2002:a9fe:a9fe::1]/bc', // 6to4 of 169.254.169.254
    'http://[fec0::1]/bc', // site-local
    'http://224.0.0.251/bc', // multicast
    'http://[ff02::1]/bc', // multicast
    'http://255.255.255.255/bc', // broadcast
  ])('refuses %s at registration (400 naming the field)', async (uri) => {
    const res = await register(uri);
    expect(res.status).toBe(400);
    const body = JSON.stringify(await res.json());
    expect(body, body).toContain('backchannelLogoutUri');
  });

  it('accepts a global unicast address', async () => {
    expect((await register('https://93.184.215.14/bc')).status).toBe(201);
  });
});
