-- Several rate-limit counters read or counted in one round trip (the token endpoint's two), each exactly as
-- rate-limiter-flexible's RateLimiterRedis keeps it (integer string with a TTL), so its consume, reward and
-- get on the same keys agree. KEYS share one hash tag (one Cluster slot).
-- KEYS[i] counter; ARGV[2i-1] points to add (0 only reads); ARGV[2i] window in seconds.
-- Returns { count1, pttl1, count2, pttl2, ... } (count 0 and pttl -2 for a counter that does not exist).
local out = {}
for i, key in ipairs(KEYS) do
  local points = tonumber(ARGV[2 * i - 1])
  local window = ARGV[2 * i]
  local count
  if points == 0 then
    count = tonumber(redis.call('GET', key) or '0')
  else
    redis.call('SET', key, 0, 'EX', window, 'NX')
    count = redis.call('INCRBY', key, points)
  end
  local ttl = redis.call('PTTL', key)
  if points ~= 0 and ttl == -1 then
    redis.call('EXPIRE', key, window)
    ttl = 1000 * tonumber(window)
  end
  out[#out + 1] = count
  out[#out + 1] = ttl
end
return out
