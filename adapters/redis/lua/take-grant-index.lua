-- Reads and deletes a grant index in one step, so a token indexed while a revocation runs lands in a
-- fresh index (caught by the next revocation) instead of being dropped unseen.
-- KEYS[1] grant index ZSET. Returns the members (keys.ts memberKey turns them into record keys).
local members = redis.call('ZRANGE', KEYS[1], 0, -1)
redis.call('DEL', KEYS[1])
return members
