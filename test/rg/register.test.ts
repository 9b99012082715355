import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from '../helpers/oidc-flow.ts';
import { waitFor } from '../logout/receiver.ts';
import { playerInBoth, type RgFixture, rawRefresh, startRgFixture } from './fixture.ts';
import { tryLogin } from './login-page.ts';
import { startRegister } from './register-server.ts';

type Register = Awaited<ReturnType<typeof startRegister>>;

const auditOf = async (f: RgFixture, accountId: string) =>
  (
    await f.db.pool.query(
      `select outcome, detail from audit_log where type = 'rg.register_check' and account_id = $1 order by id`,
      [accountId],
    )
  ).rows as { outcome: string; detail: Record<string, unknown> }[];

describe('exclusion register, fail closed (two instances, one Redis)', () => {
  let f: RgFixture;
  let register: Register;
  beforeAll(async () => {
    register = await startRegister();
    f = await startRgFixture({
      env: {
        EXCLUSION_REGISTER_URL: register.url,
        EXCLUSION_REGISTER_TIMEOUT_MS: '300',
        EXCLUSION_REGISTER_TTL: '60',
      },
    });
  });
  afterAll(async () => {
    await f?.close();
    await register?.close();
  });

  it('not excluded: signs in; the register is asked with account id, email and date of birth; audited without them', async () => {
    register.answer('not_excluded');
    const p = await playerInBoth(f);
    expect(register.asked).toContainEqual({
      account_id: p.account.id,
      email: p.player.email,
      date_of_birth: null,
    });
    await waitFor(async () => (await auditOf(f, p.account.id)).length >= 1);
    const rows = await auditOf(f, p.account.id);
    expect(rows[0]).toMatchObject({ outcome: 'success', detail: { trigger: 'login', excluded: false } });
    expect(JSON.stringify(rows)).not.toContain(p.player.email);
  });

  it('excluded: the sign-in gets no code, the page says why, and the live session ends (every RP told, reason register)', async () => {
    register.answer('not_excluded');
    const p = await playerInBoth(f);
    register.answer('excluded');
    const refused = await tryLogin(f.lobby.config, p.player.email, p.player.password);
    expect(refused.code).toBeNull();
    expect(refused.status).toBe(403);
    expect(refused.page).toContain('exclusion register');
    await waitFor(
      () =>
        f.lobby.receiver.receipts.some((r) => r.sub === p.account.id) &&
        f.studio.receiver.receipts.some((r) => r.sub === p.account.id),
    );
    const rows = await f.db.pool.query('select reason from backchannel_outbox where account_id = $1', [
      p.account.id,
    ]);
    expect(rows.rows.map((r) => r.reason)).toEqual(['register', 'register']);
    await expect(client.refreshTokenGrant(f.lobby.config, p.lobby.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });

  for (const mode of ['error', 'hang'] as const) {
    it(`${mode === 'error' ? 'answers 500' : 'does not answer'}: sign-in refused with a retry message (fail closed), audited`, async () => {
      register.answer('not_excluded');
      const p = await playerInBoth(f);
      register.answer(mode);
      const refused = await tryLogin(f.lobby.config, p.player.email, p.player.password);
      expect(refused.code).toBeNull();
      expect(refused.status).toBe(503);
      expect(refused.page).toContain('try again');
      await waitFor(async () => (await auditOf(f, p.account.id)).some((r) => r.outcome === 'failure'));
      const failure = (await auditOf(f, p.account.id)).find((r) => r.outcome === 'failure')!;
      expect(failure.detail).toMatchObject({
        trigger: 'login',
        policy: 'closed',
        error: mode === 'error' ? 'status 500' : 'timeout',
      });
    });
  }

  it('on refresh: asks again once the last answer is older than the TTL; unreachable answers 503, excluded ends the grant', async () => {
    register.answer('not_excluded');
    const p = await playerInBoth(f);
    // Within the TTL the register is not asked again on refresh.
    const asked = register.asked.length;
    const fresh = await client.refreshTokenGrant(f.studio.config, p.studio.refresh_token!);
    expect(register.asked.length).toBe(asked);
    // The last answer, made two minutes old (past the 60 s TTL), is asked again: unreachable fails closed with 503.
    await f.db.pool.query(
      `update rg_register_checks set checked_at = now() - interval '2 minutes' where account_id = $1`,
      [p.account.id],
    );
    register.answer('error');
    const closed = await rawRefresh(f.b.url, f.studio, fresh.refresh_token!);
    expect(closed).toMatchObject({
      status: 503,
      body: { error: 'temporarily_unavailable' },
      retryAfter: '5',
    });
    register.answer('excluded');
    await expect(client.refreshTokenGrant(f.lobby.config, p.lobby.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    await waitFor(() => f.studio.receiver.receipts.some((r) => r.sub === p.account.id));
  });
});

describe('exclusion register, fail open (embedded defaults)', () => {
  let f: RgFixture;
  let register: Register;
  beforeAll(async () => {
    register = await startRegister();
    f = await startRgFixture({
      redis: false,
      env: {
        EXCLUSION_REGISTER_URL: register.url,
        EXCLUSION_REGISTER_FAIL: 'open',
        EXCLUSION_REGISTER_TIMEOUT_MS: '300',
      },
    });
  });
  afterAll(async () => {
    await f?.close();
    await register?.close();
  });

  it('lets the sign-in through when the register answers 500 or hangs, and audits the failure', async () => {
    register.answer('error');
    const p = await playerInBoth(f);
    register.answer('hang');
    const again = await login(f.lobby.config, p.player);
    expect(again.tokens.access_token).toBeDefined();
    await waitFor(
      async () => (await auditOf(f, p.account.id)).filter((r) => r.outcome === 'failure').length >= 2,
    );
    const failures = (await auditOf(f, p.account.id)).filter((r) => r.outcome === 'failure');
    expect(failures.map((r) => [r.detail.policy, r.detail.error])).toEqual([
      ['open', 'status 500'],
      ['open', 'timeout'],
    ]);
  });
});
