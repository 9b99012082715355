-- Replaces a record atomically with its TTL, so no reader sees it without one.
-- KEYS[1] record hash; ARGV[1] payload JSON; ARGV[2] TTL in ms; ARGV[3] consumed JSON or ''.
-- DEL first: an upsert replaces the record, including a `consumed` field left by an earlier consume.
redis.call('DEL', KEYS[1])
if ARGV[3] == '' then
  redis.call('HSET', KEYS[1], 'payload', ARGV[1])
else
  redis.call('HSET', KEYS[1], 'payload', ARGV[1], 'consumed', ARGV[3])
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
