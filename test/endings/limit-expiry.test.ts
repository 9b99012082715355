import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Endings, type StoreKind, startEndings } from './harness.ts';

/**
 * A session time limit set or tightened mid-session is scheduled at once for the account's live sessions:
 * the session ends at the limit and every RP is told, with no further request on the session (before, the
 * schedule learnt of the limit only at the session's next save). From the CLI and from the player API.
 */
describe.each<StoreKind>(['redis', 'embedded'])(
  'a limit set mid-session ends the session at the limit (%s)',
  (kind) => {
    let e: Endings;
    beforeAll(async () => {
      // A first-party studio may ask for scope rg (the player API's PUT /rg/limits).
      e = await startEndings(kind, {}, { firstParty: true, scope: 'openid email offline_access rg' });
    }, 60_000);
    afterAll(() => e?.close());

    /** Moves the session's login time back, as if the player had signed in `seconds` ago. */
    async function signedInAgo(accessToken: string, seconds: number) {
      const provider = e.app.pitboss.live.current();
      const token = await provider.AccessToken.find(accessToken);
      const session = (await provider.Session.findByUid(token!.sessionUid!)) as unknown as {
        loginTs: number;
        save(ttl: number): Promise<unknown>;
      };
      session.loginTs -= seconds;
      await session.save(600);
    }

    it('CLI user limit: the session ends at its new limit and the RP is told', async () => {
      const who = await e.player();
      const before = await e.endedMetric('time_limit');
      const s = await e.signIn(who);
      await signedInAgo(s.tokens.access_token, 57);
      const run = await e.cli(['user', 'limit', '--email', who.email, '--session-minutes', '1']);
      expect(run.code, run.stderr).toBe(0);
      await e.expectEnded(s, who, 'time_limit', before);
    });

    it('player API PUT /rg/limits: the session ends at its new limit and the RP is told', async () => {
      const who = await e.player();
      const before = await e.endedMetric('time_limit');
      const s = await e.signIn(who, 'openid email offline_access rg');
      await signedInAgo(s.tokens.access_token, 57);
      const set = await fetch(`${e.app.url}/rg/limits`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${s.tokens.access_token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ session_minutes: 1 }),
      });
      expect(set.status).toBe(200);
      // Still within the limit: the session lives on until it is reached.
      expect(e.studio.receiver!.receipts.some((r) => r.sid === s.sid)).toBe(false);
      await e.expectEnded(s, who, 'time_limit', before);
    });
  },
);
