import { startPitboss } from '../helpers/app.ts';
import { testDatabase } from '../helpers/database.ts';
import { testRedis } from '../helpers/redis.ts';
import { oidcFlowSuite } from './flows.ts';

oidcFlowSuite('Redis store', async () => {
  const db = await testDatabase();
  const redis = await testRedis();
  const app = await startPitboss({ database: db, redis: redis.redis, prefix: redis.prefix });
  return {
    ...app,
    async close() {
      await app.close();
      await redis.close();
      await db.close();
    },
  };
});
