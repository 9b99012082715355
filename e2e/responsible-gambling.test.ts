import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type * as client from 'openid-client';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPitboss, startTestPitboss } from '../test/helpers/app.ts';
import { discover } from '../test/helpers/oidc-flow.ts';
import { launchChromium } from './browser.ts';
import { checkPage } from './page-check.ts';
import { enterPassword, startAuthorization } from './player-steps.ts';

/** The lobby's page: the README's EventSource example, listing every live event it receives. */
const eventsPage = (issuer: string) => `<!doctype html><html lang="en"><title>Lobby</title><h1>Lobby</h1>
<ul id="events"></ul>
<script>
  const token = new URLSearchParams(location.hash.slice(1)).get('access_token');
  const events = new EventSource('${issuer}/session/events?access_token=' + encodeURIComponent(token));
  for (const type of ['session.expiring', 'reality_check.due', 'session.ended']) {
    events.addEventListener(type, (e) => {
      const item = document.createElement('li');
      item.textContent = type + ' ' + e.data;
      document.getElementById('events').append(item);
      if (type === 'session.ended') events.close(); // the session is over: do not reconnect
    });
  }
</script></html>`;

describe('Responsible gambling on /account and live events in a lobby page (Chromium)', () => {
  let browser: Browser;
  let app: RunningPitboss;
  let lobby: Server;
  let redirectUri: string;
  let rp: client.Configuration;
  const player = { email: 'rg-e2e@example.com', password: 'a long enough password' };

  beforeAll(async () => {
    app = await startTestPitboss();
    lobby = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end(eventsPage(app.url)),
    );
    await new Promise<void>((resolve) => lobby.listen(0, '127.0.0.1', resolve));
    redirectUri = `http://127.0.0.1:${(lobby.address() as AddressInfo).port}/callback`;
    await app.pitboss.accounts.create(player);
    const created = await app.pitboss.clients.create({
      name: 'Casino Lobby',
      redirectUris: [redirectUri],
      scope: 'openid email offline_access rg',
    });
    rp = await discover(app.url, created.clientId, created.clientSecret);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    lobby?.close();
    await app?.close();
  });

  it('sets limits (stricter at once, looser pending), presses the panic button, and the lobby hears session.ended', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const redeem = await startAuthorization(page, rp, redirectUri, { scope: 'openid rg' });
    await enterPassword(page, player);
    const tokens = await redeem('allow');
    await page.goto(`${redirectUri.replace('/callback', '/lobby')}#access_token=${tokens.access_token}`);

    const account = await context.newPage();
    await account.goto(`${app.url}/account`);
    await account.getByRole('heading', { name: 'Responsible gambling' }).waitFor();
    await checkPage(account, 'account-responsible-gambling');
    await account.getByLabel('Session time limit (minutes)').fill('30');
    await account.getByRole('button', { name: 'Save limits' }).click();
    await account.getByText('Session time limit: 30 minutes').waitFor();
    await account.getByLabel('Session time limit (minutes)').fill('90');
    await account.getByRole('button', { name: 'Save limits' }).click();
    await account.getByRole('heading', { name: 'Pending changes' }).waitFor();
    expect(await account.getByText('Session time limit: 30 minutes').count()).toBe(1);
    expect(await account.getByRole('listitem').first().textContent()).toMatch(
      /Session time limit: 90 minutes, applies at/,
    );

    await account.getByRole('button', { name: 'Lock my account for 24 hours now' }).click();
    await account.getByText(/Your account is locked until/).waitFor();
    await page.getByText('session.ended {"reason":"panic"}').waitFor();
    await context.close();
  });
});
