-- Deletes a lookup key only if it still points at this record (a newer record may own it now).
-- KEYS[1] lookup key; ARGV[1] expected record id. Returns 1 if deleted.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
