import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionStreamKey } from '../../server/events/session-stream.ts';
import { login } from '../helpers/oidc-flow.ts';
import { UserAgent } from '../helpers/user-agent.ts';
import { waitFor } from '../logout/receiver.ts';
import { openEventStream } from './event-stream.ts';
import { ageSession, api, playerInBoth, type RgFixture, startRgFixture } from './fixture.ts';

for (const redis of [true, false]) {
  const where = redis ? 'two instances on one Redis' : 'the embedded defaults (memory store)';
  // Several sign-ins per test on a loaded machine: a generous per-test timeout (the waits poll, never sleep).
  describe(`GET /session/events on ${where}`, { timeout: 120_000 }, () => {
    let f: RgFixture;
    beforeAll(async () => {
      // Warn 50 s ahead of an end; heartbeats every second so the test sees them.
      f = await startRgFixture({ redis, env: { RG_WARNING_BEFORE: '50', LIVE_HEARTBEAT_SECONDS: '1' } });
    });
    afterAll(() => f?.close());

    it('sends session.ended with the reason to a stream held elsewhere, then closes it', async () => {
      const p = await playerInBoth(f);
      const stream = await openEventStream(`${f.b.url}/session/events`, p.studio.access_token);
      expect(stream.status).toBe(200);
      expect(stream.contentType).toContain('text/event-stream');
      await waitFor(() => stream.comments > 0); // a heartbeat
      expect(await (await fetch(`${f.b.url}/metrics`)).text()).toMatch(
        /pitboss_live_event_connections [1-9]/,
      );
      const panic = await api(f.a.url, p.lobby.access_token, 'POST', '/rg/panic');
      expect(panic.status).toBe(200);
      await waitFor(() => stream.closed);
      const ended = stream.events.filter((e) => e.event === 'session.ended');
      expect(ended).toEqual([
        { id: expect.any(String), event: 'session.ended', data: { reason: 'panic' }, at: expect.any(Number) },
      ]);
      expect(stream.events.at(-1)!.event).toBe('session.ended');
      await stream.close();
    });

    it('sends session.expiring once, RG_WARNING_BEFORE ahead of a time-limit end; Last-Event-ID replays after it', async () => {
      const p = await playerInBoth(f);
      const stream = await openEventStream(`${f.b.url}/session/events`, p.lobby.access_token);
      const loginTs = await ageSession(f, p.lobby.access_token, 5);
      // A 1-minute limit ends the session at login + 60 s: the warning is due at login + 10 s.
      const set = await api(f.a.url, p.lobby.access_token, 'PUT', '/rg/limits', { session_minutes: 1 });
      expect(set.body.session.ends_at).toBe(loginTs + 60);
      await waitFor(() => stream.events.some((e) => e.event === 'session.expiring'), 20_000);
      const expiring = stream.events.filter((e) => e.event === 'session.expiring');
      expect(expiring).toEqual([
        {
          id: expect.any(String),
          event: 'session.expiring',
          data: { reason: 'time_limit', at: loginTs + 60 },
          at: expect.any(Number),
        },
      ]);
      // A reconnect that saw nothing gets it again; one that saw it gets nothing older.
      const replay = await openEventStream(`${f.a.url}/session/events`, p.lobby.access_token, '0-0');
      await waitFor(() => replay.events.length > 0);
      expect({ ...replay.events[0], at: 0 }).toEqual({ ...expiring[0], at: 0 });
      const caughtUp = await openEventStream(
        `${f.a.url}/session/events`,
        p.lobby.access_token,
        expiring[0]!.id,
      );
      await waitFor(() => caughtUp.comments > 0);
      expect(caughtUp.events).toEqual([]);
      for (const s of [stream, replay, caughtUp]) await s.close();
      if (redis) {
        // The same event on the session event stream for wallet and lobby services, with a unique id.
        const entries = await f.a.pitboss.redis!.xrange(sessionStreamKey(f.prefix!), '-', '+');
        const mine = entries
          .map(([, fields]) =>
            Object.fromEntries(fields.flatMap((v, i) => (i % 2 ? [] : [[v, fields[i + 1]]]))),
          )
          .filter((e) => e.type === 'session.expiring' && e.account_id === p.account.id);
        expect(mine).toHaveLength(1);
        expect(mine[0]!.id).toMatch(/^[0-9a-f-]{36}$/);
        expect(JSON.parse(mine[0]!.data!)).toMatchObject({ reason: 'time_limit', endsAt: loginTs + 60 });
      }
    });

    it('sends reality_check.due to every device of the player, counted from the first session start', async () => {
      const p = await playerInBoth(f);
      const phone = await login(f.lobby.config, p.player, { agent: new UserAgent(), scope: 'openid rg' });
      const desktop = await openEventStream(`${f.b.url}/session/events`, p.lobby.access_token);
      const mobile = await openEventStream(`${f.a.url}/session/events`, phone.tokens.access_token);
      // The desktop session started 55 s ago: with a 1-minute interval the first check is due in about 5 s.
      await ageSession(f, p.lobby.access_token, 55);
      const set = await api(f.a.url, p.lobby.access_token, 'PUT', '/rg/limits', { reality_check_minutes: 1 });
      expect(set.status).toBe(200);
      await waitFor(
        () => [desktop, mobile].every((s) => s.events.some((e) => e.event === 'reality_check.due')),
        60_000,
      );
      const [a] = desktop.events.filter((e) => e.event === 'reality_check.due');
      const [b] = mobile.events.filter((e) => e.event === 'reality_check.due');
      expect({ ...a, at: 0 }).toEqual({ ...b, at: 0 });
      expect(a!.data).toEqual({ elapsed_minutes: 1 });
      const metrics =
        (await (await fetch(`${f.a.url}/metrics`)).text()) +
        (await (await fetch(`${f.b.url}/metrics`)).text());
      expect(metrics).toMatch(/pitboss_rg_reality_checks_total\{event="due"\} [1-9]/);
      const status = await api(f.b.url, phone.tokens.access_token, 'GET', '/rg/status');
      expect(status.body.reality_check.interval_minutes).toBe(1);
      // Acknowledged from the phone: the next check is one interval from now, for every device.
      const ack = await api(f.b.url, phone.tokens.access_token, 'POST', '/rg/reality-check');
      expect(ack.status).toBe(200);
      expect(Math.abs(ack.body.reality_check.next_at - (Date.now() / 1000 + 60))).toBeLessThan(5);
      const after = await api(f.a.url, p.lobby.access_token, 'GET', '/rg/status');
      expect(after.body.reality_check.next_at).toBe(ack.body.reality_check.next_at);
      await desktop.close();
      await mobile.close();
    });

    it('refuses a stream without a valid token', async () => {
      const res = await fetch(`${f.a.url}/session/events`);
      expect(res.status).toBe(401);
      const bad = await fetch(`${f.a.url}/session/events?access_token=nope`);
      expect(bad.status).toBe(401);
    });
  });
}

describe('session.expiring ahead of idle and absolute ends (embedded defaults)', { timeout: 120_000 }, () => {
  for (const c of [
    { reason: 'idle', env: { SESSION_IDLE_TTL: '60', SESSION_ABSOLUTE_TTL: '3600' } },
    { reason: 'absolute', env: { SESSION_IDLE_TTL: '60', SESSION_ABSOLUTE_TTL: '60' } },
  ]) {
    it(`warns RG_WARNING_BEFORE ahead of the ${c.reason} end`, async () => {
      const f = await startRgFixture({ redis: false, env: { ...c.env, RG_WARNING_BEFORE: '55' } });
      try {
        const p = await playerInBoth(f);
        const stream = await openEventStream(`${f.a.url}/session/events`, p.lobby.access_token);
        // Another authorization request in the same browser saves the session (the idle end moves to now + 60 s).
        const saved = Math.floor(Date.now() / 1000);
        await login(f.studio.config, p.player, { agent: p.agent });
        await waitFor(() => stream.events.some((e) => e.event === 'session.expiring'), 20_000);
        const last = stream.events.filter((e) => e.event === 'session.expiring').at(-1)!;
        expect(last.data.reason).toBe(c.reason);
        expect(last.data.at).toBeGreaterThan(saved);
        expect(last.data.at).toBeLessThanOrEqual(saved + 62);
        await stream.close();
      } finally {
        await f.close();
      }
    });
  }
});
