import { afterAll, beforeAll, describe, it } from 'vitest';
import { type Endings, type StoreKind, startEndings } from './harness.ts';

/**
 * A client's `session_idle_ttl` shortens the Session record; the expiry schedule follows the record, so an
 * untouched session ends at the client's idle end and the RP is told, with no further request (before, the
 * schedule used the global SESSION_IDLE_TTL: the record was gone and nobody was told for half an hour).
 */
describe.each<StoreKind>(['redis', 'embedded'])(
  "a client's session_idle_ttl ends untouched sessions (%s)",
  (kind) => {
    let e: Endings;
    beforeAll(async () => {
      // The global idle lifetime stays at its default (30 min); only the studio's sessions are short.
      e = await startEndings(kind, {}, { sessionIdleTtl: 4 });
    }, 60_000);
    afterAll(() => e?.close());

    it('idle at the client lifetime: the session ends, its tokens with it, and the RP is told', async () => {
      const who = await e.player();
      const before = await e.endedMetric('idle');
      const s = await e.signIn(who);
      // expectEnded waits at most 20 s for the RP: the client's 4 s, not the global 30 min.
      await e.expectEnded(s, who, 'idle', before);
    });
  },
);
