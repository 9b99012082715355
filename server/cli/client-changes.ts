import { createClientAnnouncer } from '../../adapters/redis/client-changes.ts';
import { connectRedis, pingRedis } from '../../adapters/redis/connect.ts';
import { loadConfig } from '../config.ts';

/**
 * Tells the running instances' client caches that a client changed (when REDIS_URL is set; without Redis
 * the server reads clients from the database on every lookup). Best effort: the change is committed, and
 * an instance that misses this re-reads the client within its cache's safety TTL, so a Redis failure is a
 * warning on stderr, not a failed command.
 */
export async function announceClientChange(env: NodeJS.ProcessEnv, clientId: string): Promise<void> {
  const config = loadConfig(env);
  const redis = connectRedis(config);
  if (!redis) return;
  try {
    await pingRedis(redis, 5000);
    await createClientAnnouncer(redis, { prefix: config.REDIS_PREFIX })(clientId);
  } catch (err) {
    process.stderr.write(`pitboss: warning: could not announce the client change on Redis: ${String(err)}\n`);
  } finally {
    redis.disconnect();
  }
}
