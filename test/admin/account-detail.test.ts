import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerRp, type TestRp } from '../helpers/app.ts';
import { login } from '../helpers/oidc-flow.ts';
import { adminFixture } from './admin-fixture.ts';
import { consoleLogin } from './console-login.ts';

type Fixture = Awaited<ReturnType<typeof adminFixture>>;
const iso = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString();

/** GET /admin/api/users/:id as DESIGN lists it: email_verified, MFA (TOTP, passkeys), limits, pending, restriction. */
describe('admin API: the account detail reads responsible gambling and passkeys from their own stores', () => {
  let f: Fixture;
  let lobby: TestRp;
  let service: string;
  beforeAll(async () => {
    f = await adminFixture({ RG_COOLING_OFF: '86400' });
    lobby = await registerRp(f.app, {
      name: 'Casino Lobby',
      scope: 'openid email offline_access rg',
      firstParty: true,
    });
    service = await f.serviceToken();
  }, 60_000);
  afterAll(async () => {
    await lobby?.close();
    await f?.close();
  });

  const detail = async (id: string) => {
    const res = await f.api(service, `/users/${id}`);
    expect(res.status).toBe(200);
    return res.json();
  };

  it('shows limits, a pending looser limit with its effective time, and a self-exclusion with its end', async () => {
    const player = await f.newPlayer('detail-rg');
    const quiet = await detail(player.id);
    expect(quiet.user).toMatchObject({ email_verified: true, emailVerified: true, status: 'active' });
    expect(quiet.responsibleGambling).toEqual({
      sessionLimitMinutes: null,
      limits: { sessionMinutes: null, realityCheckMinutes: null },
      pending: [],
      restriction: null,
    });

    const { tokens } = await login(lobby.config, player, { scope: 'openid email rg' });
    const limits = (body: unknown) =>
      fetch(`${f.app.url}/rg/limits`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${tokens.access_token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await limits({ session_minutes: 45, reality_check_minutes: 20 })).status).toBe(200);
    const looser = await limits({ session_minutes: 90 });
    expect(looser.status).toBe(200);
    const pending = (await looser.json()).limits.pending as { name: string; effective_at: number }[];
    const appliesAt = pending.find((p) => p.name === 'session_minutes')!.effective_at;

    const excluded = await f.api(service, `/users/${player.id}/self-exclusion`, {
      method: 'POST',
      body: { period: '6m', reason: 'player asked on the phone' },
    });
    expect(excluded.status).toBe(200);
    const until = (await excluded.json()).restriction.until as number;
    expect(until).toBeGreaterThan(Date.now() / 1000 + 150 * 86_400);

    const rg = (await detail(player.id)).responsibleGambling;
    expect(rg.sessionLimitMinutes).toBe(45);
    expect(rg.limits).toEqual({ sessionMinutes: 45, realityCheckMinutes: 20 });
    expect(rg.pending).toEqual([{ name: 'session_minutes', value: 90, effectiveAt: iso(appliesAt) }]);
    expect(rg.restriction).toMatchObject({ kind: 'self_exclusion', until: iso(until) });
    expect(Date.parse(rg.restriction.since)).toBeLessThanOrEqual(Date.now());
    // The restriction is real: the right password is refused.
    await expect(login(lobby.config, player, { scope: 'openid email rg' })).rejects.toThrow();
  });

  it('a time-out the player took through the player API shows with its end', async () => {
    const player = await f.newPlayer('detail-timeout');
    const { tokens } = await login(lobby.config, player, { scope: 'openid email rg' });
    const res = await fetch(`${f.app.url}/rg/timeout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ period: '24h' }),
    });
    expect(res.status).toBe(200);
    const { restriction } = (await detail(player.id)).responsibleGambling;
    expect(restriction.kind).toBe('timeout');
    const hours = (Date.parse(restriction.until) - Date.parse(restriction.since)) / 3_600_000;
    expect(hours).toBeCloseTo(24, 1);
  });

  it('lists passkeys (name, created, last used) in the API and on the console page; mfa/reset empties the list', async () => {
    const player = await f.newPlayer('detail-passkey');
    const credential = randomBytes(16).toString('base64url');
    await f.app.pitboss.commands.addPasskey(
      player.id,
      {
        id: credential,
        accountId: player.id,
        publicKey: new Uint8Array(randomBytes(77)),
        signCount: 0,
        transports: ['internal'],
        deviceType: 'multiDevice',
        backedUp: true,
        name: 'Pixel <8> phone',
        aaguid: undefined,
      },
      { surface: 'account', id: player.id, kind: 'player' },
    );
    const before = await detail(player.id);
    expect(before.mfa.totp).toBe(false);
    expect(before.mfa.passkeys).toEqual([
      { id: credential, name: 'Pixel <8> phone', createdAt: expect.any(String), lastUsedAt: null },
    ]);
    expect(Math.abs(Date.parse(before.mfa.passkeys[0].createdAt) - Date.now())).toBeLessThan(60_000);

    // The console player page names the factor, escaped, and offers Reset MFA for a passkey-only player.
    const admin = await consoleLogin(f, await f.newMfaAdmin('detail-console'));
    const page = await (await admin.agent.request(`${f.app.url}/admin/players/${player.id}`)).text();
    expect(page).toContain('TOTP not enrolled · 1 passkey ·');
    expect(page).toMatch(
      /<tr><td>Pixel &lt;8&gt; phone<\/td><td>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC<\/td><td>never<\/td><\/tr>/,
    );
    expect(page).toContain('/confirm/mfa-reset');
    expect(page).toContain('<dt>Email verified</dt><dd>yes</dd>');

    const reset = await f.api(service, `/users/${player.id}/mfa/reset`, {
      method: 'POST',
      body: { reason: 'lost the phone; identity checked' },
    });
    expect(reset.status).toBe(200);
    expect((await detail(player.id)).mfa.passkeys).toEqual([]);
    const after = await (await admin.agent.request(`${f.app.url}/admin/players/${player.id}`)).text();
    expect(after).toContain('TOTP not enrolled · 0 passkeys ·');
    // (The audit trail still names it; the factor table is gone.)
    expect(after).not.toContain('<td>Pixel &lt;8&gt; phone</td>');
    expect(after).not.toContain('id="passkeys-heading"');
  });

  it('the OpenAPI document describes the new fields', async () => {
    const doc = await (await fetch(`${f.app.url}/admin/api/openapi.json`)).json();
    const text = JSON.stringify(doc);
    for (const field of ['email_verified', 'passkeys', 'lastUsedAt', 'effectiveAt', 'realityCheckMinutes']) {
      expect(text).toContain(`"${field}"`);
    }
  });
});
