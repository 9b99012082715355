-- Adds a record to a grant index and makes the index outlive it.
-- KEYS[1] grant index ZSET; ARGV[1] member (keys.ts grantMember); ARGV[2] member TTL in ms; ARGV[3] grace in ms.
-- Scores are the members' expiry (plus grace) on the Redis clock, so expired members can be pruned here (the index
-- stays bounded by live tokens) and app-server clock skew does not matter. The index TTL is only ever
-- extended, never shortened by a later short-lived token. The grace covers the member being written after
-- its index entry (and on another node, in a cluster), so the index never expires just before it.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local keepUntil = now + tonumber(ARGV[2]) + tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZADD', KEYS[1], keepUntil, ARGV[1])
local pttl = redis.call('PTTL', KEYS[1])
if pttl < 0 or now + pttl < keepUntil then
  redis.call('PEXPIREAT', KEYS[1], keepUntil)
end
return 1
