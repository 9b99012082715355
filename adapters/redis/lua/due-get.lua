-- One job's run time and data, read together. KEYS[1] due ZSET, KEYS[2] data HASH (one hash tag);
-- ARGV[1] job key. Returns {score, data}, either false when absent.
return { redis.call('ZSCORE', KEYS[1], ARGV[1]), redis.call('HGET', KEYS[2], ARGV[1]) }
