import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisValues } from '../../adapters/redis/expiring-values.ts';
import type { ExpiringValues } from '../../server/sessions/expiring-values.ts';
import type { SessionState, SessionStateStore } from '../../server/sessions/session-state.ts';
import { createSessionVersions } from '../../server/sessions/session-versions.ts';
import { testRedis } from '../helpers/redis.ts';

const ACCOUNT = '00000000-0000-4000-8000-000000000001';
const stateAt = (version: number): SessionState => ({
  version,
  notBefore: version,
  limitMinutes: null,
  excludedUntil: null,
  status: 'active',
});

describe('session versions: concurrent reads of one account share one cache read, never across a refresh', () => {
  let redis: Awaited<ReturnType<typeof testRedis>>;
  beforeAll(async () => {
    redis = await testRedis();
  });
  afterAll(async () => {
    await redis?.close();
  });

  /** The versions service on the real Redis cache; `gets` counts cache reads, `hold` delays the next one. */
  function build() {
    let stored = stateAt(1);
    const states = { read: async () => stored } as unknown as SessionStateStore;
    const values = createRedisValues(redis.redis, { prefix: redis.prefix, namespace: `ver${Math.random()}` });
    const probe = { gets: 0, hold: undefined as Promise<void> | undefined };
    const cache: ExpiringValues = {
      ...values,
      async get(key) {
        probe.gets++;
        const answer = values.get(key);
        const hold = probe.hold;
        probe.hold = undefined;
        if (hold) await hold;
        return answer;
      },
    };
    const versions = createSessionVersions({ states, cache, cacheTtlMs: 60_000 });
    return { versions, probe, values, bump: (v: number) => (stored = stateAt(v)) };
  }

  /**
   * Starts a read held in flight (a slow read), lets `between` happen, then asks again: a read that joined the
   * held one would wait for it, so after 1 s it counts as joined. Returns both answers once released.
   */
  async function heldThenAsked(
    { versions, probe }: ReturnType<typeof build>,
    between: () => Promise<unknown>,
  ): Promise<{ before: SessionState | undefined; later: unknown }> {
    await versions.refresh(ACCOUNT);
    let release = () => {};
    probe.hold = new Promise<void>((r) => {
      release = r;
    });
    const before = versions.current(ACCOUNT);
    await between();
    const later = await Promise.race([
      versions.current(ACCOUNT),
      new Promise((r) => setTimeout(() => r('joined the read still in flight'), 1000)),
    ]);
    release();
    return { before: await before, later: (later as SessionState).version ?? later };
  }

  it('three reads at once: one Redis GET, the same state', async () => {
    const { versions, probe } = build();
    await versions.refresh(ACCOUNT);
    const answers = await Promise.all([1, 2, 3].map(() => versions.current(ACCOUNT)));
    expect(probe.gets).toBe(1);
    expect(answers.map((s) => s?.version)).toEqual([1, 1, 1]);
    // Once settled, the next read goes to Redis again.
    await versions.current(ACCOUNT);
    expect(probe.gets).toBe(2);
  });

  it('a read asked after a refresh here is not answered by a read from before it', async () => {
    const built = build();
    const { before, later } = await heldThenAsked(built, async () => {
      built.bump(2);
      await built.versions.refresh(ACCOUNT);
    });
    expect(later).toBe(2);
    expect(before?.version).toBe(1);
    expect(built.probe.gets).toBe(2);
  });

  it('a read asked later (another request) does not join a read still in flight: it sees a bump made elsewhere', async () => {
    const built = build();
    const { before, later } = await heldThenAsked(built, async () => {
      // A later turn of the event loop, as a new request would be; then another instance bumps the version
      // (its refresh writes the new state to the shared cache).
      await new Promise((r) => setImmediate(r));
      await built.values.set(ACCOUNT, JSON.stringify(stateAt(2)), 60_000);
    });
    expect(later).toBe(2);
    expect(before?.version).toBe(1);
    expect(built.probe.gets).toBe(2);
  });
});
