import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerRp, type TestRp } from '../helpers/app.ts';
import { login } from '../helpers/oidc-flow.ts';
import { adminFixture } from './admin-fixture.ts';
import { consoleLogin } from './console-login.ts';

type Fixture = Awaited<ReturnType<typeof adminFixture>>;

/** The console player page's read-only Responsible gambling section, fed by what the player and an admin did. */
describe('console player page: responsible gambling', () => {
  let f: Fixture;
  let lobby: TestRp;
  beforeAll(async () => {
    f = await adminFixture({ RG_COOLING_OFF: '86400' });
    lobby = await registerRp(f.app, {
      name: 'Casino Lobby',
      scope: 'openid email offline_access rg',
      firstParty: true,
    });
  }, 60_000);
  afterAll(async () => {
    await lobby?.close();
    await f?.close();
  });

  it('shows limits, a pending looser limit with its apply time, the restriction, and (admins) the history', async () => {
    const player = await f.newPlayer('rg-console');
    const { tokens } = await login(lobby.config, player, { scope: 'openid email rg' });
    const limits = (body: unknown) =>
      fetch(`${f.app.url}/rg/limits`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${tokens.access_token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    // Stricter: applies at once. Looser: waits for the cooling-off.
    expect((await limits({ session_minutes: 45, reality_check_minutes: 20 })).status).toBe(200);
    const looser = await limits({ session_minutes: 90 });
    expect(looser.status).toBe(200);
    const pending = (await looser.json()).limits.pending as { name: string; effective_at: number }[];
    const appliesAt = pending.find((p) => p.name === 'session_minutes')!.effective_at;
    expect(appliesAt).toBeGreaterThan(Date.now() / 1000 + 86_000);

    const service = await f.serviceToken();
    const timeout = await f.api(service, `/users/${player.id}/timeout`, {
      method: 'POST',
      body: { period: '24h', reason: 'player asked support for a break' },
    });
    expect(timeout.status).toBe(200);
    const until = (await timeout.json()).restriction.until as number;

    const shown = (s: number) =>
      `${new Date(s * 1000)
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, ' UTC')}`;
    const admin = await consoleLogin(f, await f.newMfaAdmin('rg-admin'));
    const page = await (await admin.agent.request(`${f.app.url}/admin/players/${player.id}`)).text();
    const section = page.slice(
      page.indexOf('<h2 id="rg-heading">'),
      page.indexOf('</section>', page.indexOf('rg-heading')),
    );
    expect(section).toContain('<dt>Session time limit</dt><dd>45 minutes</dd>');
    expect(section).toContain('<dt>Reality check</dt><dd>every 20 minutes</dd>');
    expect(section).toContain(
      `<tr><td>Session time limit</td><td>90 minutes</td><td>${shown(appliesAt)}</td></tr>`,
    );
    expect(section).toContain('Time-out</strong>');
    expect(section).toContain(`until ${shown(until)}`);
    expect(section).toContain('Restriction history');
    expect(section).toContain('player asked support for a break');
    expect(section).toContain('(admin_api)');
    expect(section).toMatch(
      /<td>Session time limit<\/td><td>45 minutes<\/td><td>90 minutes<\/td>.*<td>pending<\/td>/,
    );

    // Support staff see what is in force and pending, not who changed what and why.
    const support = await consoleLogin(f, await f.newMfaAdmin('rg-support', 'support'));
    const supportPage = await (await support.agent.request(`${f.app.url}/admin/players/${player.id}`)).text();
    expect(supportPage).toContain('Responsible gambling');
    expect(supportPage).toContain('<dt>Session time limit</dt><dd>45 minutes</dd>');
    expect(supportPage).toContain(`until ${shown(until)}`);
    expect(supportPage).not.toContain('Restriction history');
    expect(supportPage).not.toContain('player asked support for a break');

    // A player with nothing set.
    const quiet = await f.newPlayer('rg-quiet');
    const quietPage = await (await admin.agent.request(`${f.app.url}/admin/players/${quiet.id}`)).text();
    expect(quietPage).toContain('<dt>Restriction in force</dt><dd>none</dd>');
    expect(quietPage).toContain('No pending changes.');
  });

  it('support may read the responsible-gambling state but not set a time-out or self-exclusion (403)', async () => {
    const player = await f.newPlayer('rg-support-refused');
    const { token } = await f.operatorToken('rg-api-support', 'support');
    for (const [path, period] of [
      ['timeout', '24h'],
      ['self-exclusion', '6m'],
    ] as const) {
      const refused = await f.api(token, `/users/${player.id}/${path}`, {
        method: 'POST',
        body: { period, reason: 'support tries' },
      });
      expect(refused.status).toBe(403);
    }
    const read = await f.api(token, `/users/${player.id}/rg`);
    expect(read.status).toBe(200);
    expect((await read.json()).restriction).toBeNull();
    // The player can still sign in: nothing was restricted.
    await login(lobby.config, player, { scope: 'openid email rg' });
  });
});
