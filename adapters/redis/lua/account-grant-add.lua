-- Adds a grant to an account's grant index (adapters/redis/grant-index.ts) in one round trip.
-- KEYS[1] the account's grant ZSET; ARGV[1] now (epoch ms); ARGV[2] the grant's expiry (epoch ms, its score);
-- ARGV[3] grant id; ARGV[4] TTL in ms. Expired grants are pruned; the key's TTL is set when it has none and
-- only ever extended, so it outlives its longest-lived grant.
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4], 'NX')
redis.call('PEXPIRE', KEYS[1], ARGV[4], 'GT')
return 1
