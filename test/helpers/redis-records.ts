import type { Redis } from 'ioredis';
import { expect } from 'vitest';
import { decodeRecord, encodeRecord } from '../../adapters/redis/record-format.ts';

/**
 * A token record as stored in Redis (adapters/redis/record-format.ts), read or rewritten in place: for tests
 * that inspect a record or age it, straight from Redis rather than through the adapter.
 */
export async function readRecord(
  redis: Redis,
  key: string,
): Promise<{ payload: Record<string, unknown>; consumed?: unknown } | undefined> {
  const value = await redis.get(key);
  return value == null ? undefined : decodeRecord(value);
}

/** Rewrites a record's payload and consumed mark in place, keeping its TTL. */
export async function writeRecord(
  redis: Redis,
  key: string,
  record: { payload: Record<string, unknown>; consumed?: unknown },
): Promise<void> {
  expect(await redis.set(key, encodeRecord(record.payload, record.consumed), 'KEEPTTL', 'XX')).toBe('OK');
}
