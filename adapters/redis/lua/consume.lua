-- Atomic compare-and-set of a record's consumed mark.
-- KEYS[1] record; ARGV[1] consumed value (JSON, epoch seconds).
-- A record is a string: the payload JSON, or `<consumed>\n<payload JSON>` once consumed (JSON never holds a raw
-- newline). Records written before 2026-11-30 are hashes { payload, consumed? } and are consumed as before.
-- A missing or expired record is never recreated (that would be a key without TTL), and KEEPTTL / HSETNX leave
-- the TTL untouched. Returns 1 if this call consumed the record, else 0.
local kind = redis.call('TYPE', KEYS[1])['ok']
if kind == 'string' then
  local value = redis.call('GET', KEYS[1])
  if string.find(value, '\n', 1, true) then
    return 0
  end
  redis.call('SET', KEYS[1], ARGV[1] .. '\n' .. value, 'KEEPTTL')
  return 1
end
if kind == 'hash' then
  return redis.call('HSETNX', KEYS[1], 'consumed', ARGV[1])
end
return 0
