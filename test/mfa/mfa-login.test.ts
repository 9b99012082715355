import type * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPitboss, startTestPitboss } from '../helpers/app.ts';
import { discover, REDIRECT_URI } from '../helpers/oidc-flow.ts';
import { UserAgent } from '../helpers/user-agent.ts';
import { Journey, sessionId, totpCode } from './journey.ts';

const MFA_ACR = 'urn:pitboss:acr:mfa';

describe('MFA sign-in over HTTP (openid-client RP, Redis store)', () => {
  let app: RunningPitboss;
  let rp: client.Configuration;
  let strictRp: client.Configuration;
  const cleanups: (() => Promise<void>)[] = [];
  let n = 0;
  /** A fresh account per test, so per-account counters and replay keys never leak between tests. */
  const newPlayer = async () => {
    const player = { email: `mfa-${Date.now()}-${n++}@example.com`, password: 'correct horse battery' };
    const account = await app.pitboss.accounts.create(player);
    return { ...player, account };
  };
  const enrolled = async () => {
    const player = await newPlayer();
    const { secret } = await app.pitboss.mfa.enrolDirect(player.account);
    return { ...player, secret };
  };
  const auditTypes = async (accountId: string) => {
    await app.pitboss.auditPipeline.writer.drain();
    return (
      await app.pitboss.database.pool.query<{ type: string; outcome: string }>(
        'select type, outcome from audit_log where account_id = $1 order by id',
        [accountId],
      )
    ).rows.map((r) => `${r.type}:${r.outcome}`);
  };

  beforeAll(async () => {
    app = await startTestPitboss();
    cleanups.unshift(() => app.close());
    const created = await app.pitboss.clients.create({ name: 'Slots', redirectUris: [REDIRECT_URI] });
    rp = await discover(app.url, created.clientId, created.clientSecret);
    const strict = await app.pitboss.clients.create({
      name: 'Wallet',
      redirectUris: [REDIRECT_URI],
      requireMfa: true,
    });
    strictRp = await discover(app.url, strict.clientId, strict.clientSecret);
  });
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  it('asks an enrolled player for a TOTP code after the password; the ID token says pwd + otp', async () => {
    const player = await enrolled();
    const journey = await (await Journey.start(rp)).signIn(player);
    expect(journey.page).toContain('<label for="code">Authentication code</label>');
    expect(journey.page).toContain('>Verify</button>');
    await journey.verify(await totpCode(player.secret));
    const claims = (await journey.tokens()).claims()!;
    expect(claims.sub).toBe(player.account.id);
    expect(claims.amr).toEqual(['pwd', 'otp']);
    expect(claims.acr).toBe(MFA_ACR);
    expect(await auditTypes(player.account.id)).toContain('mfa:success');
  });

  it('accepts a code once only: a replay is rejected, the next step’s code still works', async () => {
    const player = await enrolled();
    const code = await totpCode(player.secret);
    await (await (await Journey.start(rp)).signIn(player)).verify(code).then((j) => j.tokens());
    const replay = await (await (await Journey.start(rp)).signIn(player)).verify(code);
    expect(replay.done).toBe(false);
    expect(replay.status).toBe(401);
    expect(replay.page).toMatch(/role="alert">That code did not work/);
    await replay.verify(await totpCode(player.secret, 1));
    expect((await replay.tokens()).claims()!.amr).toEqual(['pwd', 'otp']);
  });

  it('answers bad codes with a readable error, counts them, and ends the interaction after 5', async () => {
    const player = await enrolled();
    const journey = await (await Journey.start(rp)).signIn(player);
    for (const bad of ['', 'abcdef', '12345678901234567890', '000000']) {
      await journey.verify(bad);
      expect(journey.status).toBe(401);
      expect(journey.page).toContain('That code did not work');
    }
    await journey.verify('99999x');
    expect(journey.done).toBe(true);
    expect(journey.error).toBe('access_denied');
    const types = await auditTypes(player.account.id);
    expect(types.filter((t) => t === 'mfa:failure')).toHaveLength(5);
    expect(types).toContain('mfa.lockout:failure');
  });

  it('limits wrong codes per account across interactions', async () => {
    const player = await enrolled();
    for (let round = 0; round < 2; round++) {
      const journey = await (await Journey.start(rp)).signIn(player);
      for (let i = 0; i < 5; i++) await journey.verify('000000');
      expect(journey.error).toBe('access_denied');
    }
    // Ten wrong codes: even the right code is refused until the window passes.
    const locked = await (await (await Journey.start(rp)).signIn(player)).verify(
      await totpCode(player.secret),
    );
    expect(locked.error).toBe('access_denied');
  });

  it('enrols during sign-in for a require_mfa client, then a recovery code works once only', async () => {
    const player = await newPlayer();
    const journey = await (await Journey.start(strictRp)).signIn(player);
    expect(journey.page).toContain('Set up two-step verification');
    expect(journey.page).toMatch(/<img src="data:image\/svg\+xml;base64,/);
    const secret = journey.page.match(/data-testid="totp-secret">([A-Z2-7 ]+)</)![1]!.replace(/ /g, '');
    await journey.verify('123');
    expect(journey.status).toBe(401);
    await journey.verify(await totpCode(secret));
    const codes = [...journey.page.matchAll(/<li><code>([a-z0-9-]+)<\/code><\/li>/g)].map((m) => m[1]!);
    expect(codes).toHaveLength(10);
    await journey.submit('Continue');
    expect((await journey.tokens()).claims()!.amr).toEqual(['pwd', 'otp']);

    const first = await (await (await Journey.start(rp)).signIn(player)).verify(codes[0]!.toUpperCase());
    expect((await first.tokens()).claims()!.acr).toBe(MFA_ACR);
    const again = await (await (await Journey.start(rp)).signIn(player)).verify(codes[0]!);
    expect(again.status).toBe(401);
    const types = await auditTypes(player.account.id);
    expect(types).toContain('mfa.enrol:success');
    expect(types).toContain('mfa.recovery_code:success');
    expect((await app.pitboss.mfa.status(player.account.id)).recoveryCodesLeft).toBe(9);
  });

  it('steps up a password-only session on acr_values and gives the session a new id', async () => {
    const player = await newPlayer();
    const agent = new UserAgent();
    const plain = await (await Journey.start(rp, agent)).signIn(player);
    expect((await plain.tokens()).claims()!.amr).toEqual(['pwd']);
    const before = sessionId(agent)!;
    expect(before).toBeTruthy();

    // The operator enrols the player; the existing session has no second factor.
    const { secret } = await app.pitboss.mfa.enrolDirect(player.account);
    const stepUp = await Journey.start(rp, agent, { acr_values: MFA_ACR });
    expect(stepUp.page).not.toContain('>Sign in</button>');
    expect(stepUp.page).toContain('>Verify</button>');
    await stepUp.verify(await totpCode(secret));
    const claims = (await stepUp.tokens()).claims()!;
    expect(claims.amr).toEqual(['pwd', 'otp']);
    expect(claims.acr).toBe(MFA_ACR);
    const after = sessionId(agent)!;
    expect(after).toBeTruthy();
    expect(after).not.toBe(before);
    expect(await app.pitboss.live.current().Session.find(before)).toBeUndefined();

    // Inside the now-MFA session no further prompt: straight back to the RP.
    const silent = await Journey.start(rp, agent, { acr_values: MFA_ACR });
    expect((await silent.tokens()).claims()!.acr).toBe(MFA_ACR);
  });

  it('steps up on acr_values for a player without TOTP by enrolling', async () => {
    const player = await newPlayer();
    const agent = new UserAgent();
    await (await (await Journey.start(rp, agent)).signIn(player)).tokens();
    const stepUp = await Journey.start(rp, agent, { acr_values: MFA_ACR });
    expect(stepUp.page).toContain('Set up two-step verification');
  });

  it('guards /account: signed-out page without a session, CSRF on its forms, CSP on its pages', async () => {
    const agent = new UserAgent();
    // Without a session, /account starts a sign-in as its own first-party client (and a form post is refused).
    const signedOut = await agent.request(`${app.url}/account?ui_locales=de`);
    expect(signedOut.status).toBe(303);
    const signIn = new URL(signedOut.headers.get('location')!);
    expect(signIn.pathname).toBe('/auth');
    expect(signIn.searchParams.get('client_id')).toBe('pitboss-account');
    expect(signIn.searchParams.get('ui_locales')).toBe('de');
    const post = await agent.request(`${app.url}/account/password`, { form: { csrf: 'x' } });
    expect(post.status).toBe(401);
    expect(await post.text()).toContain('You are not signed in');
    await (await (await Journey.start(rp, agent)).signIn(await newPlayer())).tokens();
    const page = await agent.request(`${app.url}/account`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Two-step verification is <strong>off</strong>');
    expect(page.headers.get('content-security-policy')).toContain("img-src 'self' data:");
    const forged = await agent.request(`${app.url}/account/mfa/enrol`, { form: { csrf: 'forged' } });
    expect(forged.status).toBe(403);
  });
});
