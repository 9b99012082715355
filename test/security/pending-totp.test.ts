import type * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPitboss, startTestPitboss } from '../helpers/app.ts';
import { discover, REDIRECT_URI } from '../helpers/oidc-flow.ts';
import { Journey, totpCode } from '../mfa/journey.ts';

const secretOf = (page: string) =>
  page.match(/data-testid="totp-secret">([A-Z2-7 ]+)</)![1]!.replace(/ /g, '');

/** Finding 5: the pending TOTP secret was per account and shown again to whoever opened enrolment next. */
describe('a pending TOTP secret belongs to one enrolment flow', () => {
  let app: RunningPitboss & { close(): Promise<void> };
  let walletRp: client.Configuration;

  beforeAll(async () => {
    app = await startTestPitboss();
    const wallet = await app.pitboss.clients.create({
      name: 'Wallet',
      redirectUris: [REDIRECT_URI],
      requireMfa: true,
    });
    walletRp = await discover(app.url, wallet.clientId, wallet.clientSecret);
  });
  afterAll(() => app.close());

  it('a secret seen by someone with the password and abandoned is never the one the player enrols', async () => {
    const player = { email: 'enrol-victim@example.com', password: 'correct horse battery' };
    await app.pitboss.accounts.create(player);
    // The attacker knows the password, opens enrolment, notes the secret and walks away.
    const attacker = await (await Journey.start(walletRp)).signIn(player);
    const seen = secretOf(attacker.page);
    // A reload of the same flow keeps its secret (a QR code already scanned stays valid).
    await attacker.submit('Verify', { code: 'x' });
    expect(secretOf(attacker.page)).toBe(seen);

    // Later the player signs in and is asked to enrol: a different secret, and the attacker's does not work.
    const victim = await (await Journey.start(walletRp)).signIn(player);
    const own = secretOf(victim.page);
    expect(own).not.toBe(seen);
    await victim.verify(await totpCode(seen));
    expect(victim.status).toBe(401);
    await victim.verify(await totpCode(own));
    expect(victim.page).toContain('recovery codes');
    // The attacker's flow cannot finish the enrolment either (the account now has a secret of its own).
    await attacker.verify(await totpCode(seen, 1));
    expect(attacker.status).not.toBe(200);
  });
});
