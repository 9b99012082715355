import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../adapters/postgres/database.ts';
import { connectRedis } from '../../adapters/redis/connect.ts';
import { type RunningPitboss, startPitboss } from '../helpers/app.ts';
import { startPostgresServer } from '../helpers/postgres-server.ts';
import { startRedisServer } from '../helpers/redis-server.ts';

/** Readiness against stores of this test's own, stopped and started for real. */
describe('/healthz and /readyz', () => {
  let pg: Awaited<ReturnType<typeof startPostgresServer>>;
  let redisServer: Awaited<ReturnType<typeof startRedisServer>>;
  let redis: NonNullable<ReturnType<typeof connectRedis>>;
  let database: Database;
  let app: RunningPitboss;
  const ready = async () => {
    const res = await fetch(`${app.url}/readyz`);
    return {
      status: res.status,
      body: (await res.json()) as { down?: string[]; checks: Record<string, string> },
    };
  };

  beforeAll(async () => {
    [pg, redisServer] = await Promise.all([startPostgresServer(), startRedisServer()]);
    redis = connectRedis({ REDIS_URL: redisServer.url })!;
    redis.on('error', () => undefined);
    database = await openDatabase({ url: pg.url, dataDir: '' });
    app = await startPitboss({ database, redis, prefix: 'hz:' });
  });
  afterAll(async () => {
    await app?.close();
    redis?.disconnect();
    await database?.close();
    await Promise.all([pg?.destroy(), redisServer?.stop()]);
  });

  it('is alive and ready when both stores answer', async () => {
    const alive = await fetch(`${app.url}/healthz`);
    expect(alive.status).toBe(200);
    expect(await alive.json()).toEqual({ status: 'ok' });
    expect(await ready()).toEqual({
      status: 200,
      body: { status: 'ok', checks: { postgres: 'ok', redis: 'ok' } },
    });
  });

  it('answers 503 naming Redis while it is stopped, and 200 again when it returns', async () => {
    await redisServer.kill();
    const down = await ready();
    expect(down.status).toBe(503);
    expect(down.body.down).toEqual(['redis']);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200); // alive all the same
    await redisServer.restart();
    await expect.poll(async () => (await ready()).status, { timeout: 15_000, interval: 250 }).toBe(200);
  });

  it('answers 503 naming Postgres while it is stopped, and 200 again when it returns', async () => {
    await pg.stop();
    const down = await ready();
    expect(down.status).toBe(503);
    expect(down.body.down).toEqual(['postgres']);
    await pg.start();
    await expect.poll(async () => (await ready()).status, { timeout: 15_000, interval: 250 }).toBe(200);
  });
});
