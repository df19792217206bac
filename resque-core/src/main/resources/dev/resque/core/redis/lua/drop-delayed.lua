-- Removes a due delayed job that an enqueue plugin stopped (node-resque drops it the same way).
-- KEYS[1] delayed:<ts>, KEYS[2] delayed_queue_schedule, KEYS[3] timestamps:<payload>
-- ARGV[1] ts, ARGV[2] member "delayed:<ts>", ARGV[3] payload
local removed = redis.call('LREM', KEYS[1], 1, ARGV[3])
redis.call('SREM', KEYS[3], ARGV[2])
if redis.call('LLEN', KEYS[1]) == 0 then
  redis.call('DEL', KEYS[1])
  redis.call('ZREM', KEYS[2], ARGV[1])
end
return removed
