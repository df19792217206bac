-- Removes a delayed job from every timestamp it is scheduled at, and drops timestamps left empty so the
-- scheduler does not visit them.
-- KEYS[1] delayed_queue_schedule, KEYS[2] timestamps:<payload>, KEYS[3..] delayed:<ts> lists
-- ARGV[1] payload, then for each list: ARGV[2i] its timestamp in seconds, ARGV[2i+1] its member "delayed:<ts>"
-- in the timestamps set
local removed = {}
for i = 3, #KEYS do
  local ts = ARGV[2 * (i - 2)]
  if redis.call('LREM', KEYS[i], 0, ARGV[1]) > 0 then
    table.insert(removed, ts)
  end
  redis.call('SREM', KEYS[2], ARGV[2 * (i - 2) + 1])
  if redis.call('LLEN', KEYS[i]) == 0 then
    redis.call('ZREM', KEYS[1], ts)
  end
end
return removed
