-- Records one session in its account's index: metadata hash (createdAt kept from the first save) expiring
-- with the session, and the uid in the account's ZSET (added once) kept `retainMs`. KEYS[1] meta HASH,
-- KEYS[2] index ZSET (one account's hash tag); ARGV[1] now (ms), ARGV[2] meta expiry (epoch ms),
-- ARGV[3] index TTL (ms), ARGV[4] uid, ARGV[5..] field, value pairs. Returns 1 if the uid was new.
redis.call('HSETNX', KEYS[1], 'createdAt', ARGV[1])
redis.call('HSET', KEYS[1], unpack(ARGV, 5))
redis.call('PEXPIREAT', KEYS[1], ARGV[2])
local added = redis.call('ZADD', KEYS[2], 'NX', ARGV[1], ARGV[4])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return added
