import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../logout/receiver.ts';
import { openEventStream } from '../rg/event-stream.ts';
import { type Endings, type StoreKind, startEndings } from './harness.ts';

/**
 * A client's `session_absolute_ttl` caps the Session record at login + that lifetime. When the session ends
 * there it is an absolute end, and everyone hears it as one: the live stream (`session.expiring` ahead, then
 * `session.ended`), the audit row, the session event stream, the metric and the RP's outbox row all say
 * `absolute` (before, the schedule knew only SESSION_ABSOLUTE_TTL and called it `idle`).
 */
describe.each<StoreKind>(['redis', 'embedded'])(
  "a client's session_absolute_ttl ends sessions as absolute (%s)",
  (kind) => {
    let e: Endings;
    beforeAll(async () => {
      // Global lifetimes stay at their defaults (idle 30 min, absolute hours); only the studio's is short.
      e = await startEndings(kind, { RG_WARNING_BEFORE: '3' }, { sessionAbsoluteTtl: 6 });
    }, 60_000);
    afterAll(() => e?.close());

    it('at the client lifetime: ended with reason absolute, announced and reported as absolute', async () => {
      const who = await e.player();
      const before = await e.endedMetric('absolute');
      const s = await e.signIn(who);
      const stream = await openEventStream(`${e.app.url}/session/events`, s.tokens.access_token);
      expect(stream.status).toBe(200);

      await e.expectEnded(s, who, 'absolute', before);
      await waitFor(() => stream.closed, 10_000);
      const reasons = (name: string) =>
        stream.events.filter((ev) => ev.event === name).map((ev) => (ev.data as { reason: string }).reason);
      expect(reasons('session.expiring')).toEqual(['absolute']);
      expect(reasons('session.ended')).toEqual(['absolute']);
      const outbox = await e.app.db.pool.query<{ reason: string }>(
        'select reason from backchannel_outbox where account_id = $1 and sid = $2',
        [who.id, s.sid],
      );
      expect(outbox.rows.map((r) => r.reason)).toEqual(['absolute']);
      await stream.close();
    });
  },
);
