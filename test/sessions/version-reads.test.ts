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
    const { versions, probe, bump } = build();
    await versions.refresh(ACCOUNT);
    let release = () => {};
    probe.hold = new Promise<void>((r) => {
      release = r;
    });
    const before = versions.current(ACCOUNT); // still in flight during the bump below
    bump(2);
    await versions.refresh(ACCOUNT);
    // A read joined to the held one would wait for it: give it 1 s, then let the held read go.
    const after = await Promise.race([
      versions.current(ACCOUNT),
      new Promise((r) => setTimeout(() => r('joined the read from before the refresh'), 1000)),
    ]);
    release();
    expect((after as SessionState).version ?? after).toBe(2);
    expect((await before)?.version).toBe(1);
    expect(probe.gets).toBe(2);
  });

  it('a read asked later (another request) does not join a read still in flight: it sees a bump made elsewhere', async () => {
    const { versions, probe, values } = build();
    await versions.refresh(ACCOUNT);
    let release = () => {};
    probe.hold = new Promise<void>((r) => {
      release = r;
    });
    const before = versions.current(ACCOUNT); // a slow read (a Redis stall), still in flight below
    await new Promise((r) => setImmediate(r)); // a later turn of the event loop, as a new request would be
    // Another instance bumps the version: its refresh writes the new state to the shared cache.
    await values.set(ACCOUNT, JSON.stringify(stateAt(2)), 60_000);
    const later = await Promise.race([
      versions.current(ACCOUNT),
      new Promise((r) => setTimeout(() => r('joined the read still in flight'), 1000)),
    ]);
    release();
    expect((later as SessionState).version ?? later).toBe(2);
    expect((await before)?.version).toBe(1);
    expect(probe.gets).toBe(2);
  });
});
