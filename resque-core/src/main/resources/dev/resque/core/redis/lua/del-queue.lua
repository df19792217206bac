-- Deletes a queue and its registration.
-- KEYS[1] queue list, KEYS[2] queues set
-- ARGV[1] queue name
local removed = redis.call('DEL', KEYS[1])
redis.call('SREM', KEYS[2], ARGV[1])
return removed
