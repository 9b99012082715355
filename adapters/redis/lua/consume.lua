-- Atomic compare-and-set of a record's `consumed` field.
-- KEYS[1] record hash; ARGV[1] consumed value (JSON, epoch seconds).
-- A missing or expired record is never recreated (that would be a key without TTL), and HSETNX on the
-- existing hash leaves its TTL untouched. Returns 1 if this call consumed the record, else 0.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
return redis.call('HSETNX', KEYS[1], 'consumed', ARGV[1])
