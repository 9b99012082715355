import type * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPitboss, startTestPitboss } from '../helpers/app.ts';
import { discover, REDIRECT_URI } from '../helpers/oidc-flow.ts';
import { UserAgent } from '../helpers/user-agent.ts';
import { Journey, totpCode } from '../mfa/journey.ts';

describe('NEW_DEVICE_MFA=false (HTTP, openid-client RP)', () => {
  let app: RunningPitboss;
  let rp: client.Configuration;
  let strictRp: client.Configuration;

  beforeAll(async () => {
    app = await startTestPitboss({ env: { NEW_DEVICE_MFA: 'false' } });
    const slots = await app.pitboss.clients.create({ name: 'Slots', redirectUris: [REDIRECT_URI] });
    rp = await discover(app.url, slots.clientId, slots.clientSecret);
    const wallet = await app.pitboss.clients.create({
      name: 'Wallet',
      redirectUris: [REDIRECT_URI],
      requireMfa: true,
    });
    strictRp = await discover(app.url, wallet.clientId, wallet.clientSecret);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('asks an enrolled player for the second factor only when the client requires it; new browsers still audited', async () => {
    const player = { email: `ndm-off-${Date.now()}@example.com`, password: 'a long enough password' };
    const account = await app.pitboss.accounts.create(player);
    const { secret } = await app.pitboss.mfa.enrolDirect(account);

    // A brand-new agent (no device cookie): no step-up with the flag off.
    const journey = await (await Journey.start(rp, new UserAgent())).signIn(player);
    expect(journey.page).not.toContain('Authentication code');
    expect((await journey.tokens()).claims()!.amr).toEqual(['pwd']);

    // A client that requires MFA still gets it, on any browser.
    const strict = await (await Journey.start(strictRp, new UserAgent())).signIn(player);
    expect(strict.page).toContain('<label for="code">Authentication code</label>');
    await strict.verify(await totpCode(secret));
    expect((await strict.tokens()).claims()!.amr).toEqual(['pwd', 'otp']);

    await app.pitboss.auditPipeline.writer.drain();
    const { rows } = await app.pitboss.database.pool.query<{ detail: { stepUp: boolean } }>(
      `select detail from audit_log where type = 'login.new_device' and account_id::text = $1`,
      [account.id],
    );
    expect(rows.map((r) => r.detail.stepUp)).toEqual([false, false]);
  });
});
