import type { Redis } from 'ioredis';
import { expect } from 'vitest';

/**
 * A token record as stored in Redis (adapters/redis/keys.ts): the payload JSON, or `<consumed>\n<JSON>` once
 * consumed. For tests that inspect a record or age it in place; read straight from Redis, not through the adapter.
 */
export async function readRecord(
  redis: Redis,
  key: string,
): Promise<{ payload: Record<string, unknown>; consumed?: number } | undefined> {
  const value = await redis.get(key);
  if (value == null) return undefined;
  const newline = value.indexOf('\n');
  if (newline < 0) return { payload: JSON.parse(value) };
  return { payload: JSON.parse(value.slice(newline + 1)), consumed: JSON.parse(value.slice(0, newline)) };
}

/** Rewrites a record's payload and consumed mark in place, keeping its TTL. */
export async function writeRecord(
  redis: Redis,
  key: string,
  record: { payload: Record<string, unknown>; consumed?: number | undefined },
): Promise<void> {
  const json = JSON.stringify(record.payload);
  const value = record.consumed === undefined ? json : `${record.consumed}\n${json}`;
  expect(await redis.set(key, value, 'KEEPTTL', 'XX')).toBe('OK');
}
