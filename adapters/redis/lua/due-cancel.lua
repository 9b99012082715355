-- Removes one job. KEYS[1] due ZSET, KEYS[2] data HASH (one hash tag); ARGV[1] job key.
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
return 0
