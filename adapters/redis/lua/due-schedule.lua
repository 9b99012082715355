-- Schedules (or reschedules) one job: data and run time written together, both keys' TTL refreshed.
-- KEYS[1] due ZSET, KEYS[2] data HASH (one hash tag); ARGV[1] job key, ARGV[2] run time (ms), ARGV[3] data,
-- ARGV[4] key TTL (ms).
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('PEXPIRE', KEYS[2], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 0
