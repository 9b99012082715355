import type * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPitboss, startTestPitboss } from '../helpers/app.ts';
import { discover, REDIRECT_URI } from '../helpers/oidc-flow.ts';
import { formAction, hiddenInput } from '../helpers/user-agent.ts';
import { Journey } from '../mfa/journey.ts';

/** Finding 14: the MFA limiter checked, verified, then counted; a fixed window allowed ~960 guesses a day. */
describe('MFA attempts: counted before the check, lockouts escalate', () => {
  let app: RunningPitboss & { close(): Promise<void> };
  let rp: client.Configuration;
  let n = 0;
  const enrolled = async () => {
    const player = { email: `mfa-limit-${n++}@example.com`, password: 'correct horse battery' };
    const account = await app.pitboss.accounts.create(player);
    await app.pitboss.mfa.enrolDirect(account);
    return { ...player, id: account.id };
  };
  const audit = async (accountId: string, type: string) => {
    await app.pitboss.auditPipeline.writer.drain();
    const { rows } = await app.pitboss.database.pool.query<{ detail: Record<string, unknown> }>(
      'select detail from audit_log where account_id = $1 and type = $2 order by id',
      [accountId, type],
    );
    return rows.map((r) => r.detail);
  };

  beforeAll(async () => {
    app = await startTestPitboss({ env: { MFA_LOCKOUT_SECONDS: '2', LOGIN_DELAY_MS: '0' } });
    const created = await app.pitboss.clients.create({ name: 'Slots', redirectUris: [REDIRECT_URI] });
    rp = await discover(app.url, created.clientId, created.clientSecret);
  });
  afterAll(() => app.close());

  it('checks at most 5 codes of one interaction however many arrive at once', async () => {
    const player = await enrolled();
    const journey = await (await Journey.start(rp)).signIn(player);
    const action = new URL(formAction(journey.page, 'Verify'), journey.url).href;
    const csrf = hiddenInput(journey.page, 'csrf');
    const guesses = Array.from({ length: 30 }, (_, i) => String(100000 + i));
    await Promise.all(guesses.map((code) => journey.agent.request(action, { form: { csrf, code } })));
    const checked = await audit(player.id, 'mfa');
    expect(checked).toHaveLength(5);
  });

  it('makes each account lockout of the day longer than the one before, audited with its level', async () => {
    const player = await enrolled();
    const wrongCodes = async (count: number) => {
      let journey = await (await Journey.start(rp)).signIn(player);
      for (let i = 0; i < count; i++) {
        if (journey.done) journey = await (await Journey.start(rp)).signIn(player);
        await journey.verify('000000');
      }
    };
    await wrongCodes(10);
    expect(await audit(player.id, 'mfa.lockout')).toEqual([
      expect.objectContaining({ scope: 'interaction' }),
      expect.objectContaining({ scope: 'account', level: 1, lockoutSeconds: 2 }),
    ]);
    // Poll until the first lockout is over: a wrong code is checked again (a new 'mfa' failure row).
    const before = (await audit(player.id, 'mfa')).length;
    for (let deadline = Date.now() + 15_000; (await audit(player.id, 'mfa')).length === before; ) {
      expect(Date.now()).toBeLessThan(deadline);
      await (await (await Journey.start(rp)).signIn(player)).verify('000000');
    }
    await wrongCodes(9);
    const lockouts = (await audit(player.id, 'mfa.lockout')).filter((d) => d.scope === 'account');
    expect(lockouts).toEqual([
      expect.objectContaining({ level: 1, lockoutSeconds: 2 }),
      expect.objectContaining({ level: 2, lockoutSeconds: 4 }),
    ]);
  });
});
