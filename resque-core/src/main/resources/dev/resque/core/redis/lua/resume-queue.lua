-- Resumes a paused queue and wakes idle workers, which would otherwise find its waiting jobs only at their next
-- poll. KEYS[1] the set of paused queues; ARGV[1] the queue, ARGV[2] the wake-up channel.
-- Returns 1 when the queue was paused, else 0.
local resumed = redis.call('SREM', KEYS[1], ARGV[1])
if resumed == 1 then
  redis.call('PUBLISH', ARGV[2], ARGV[1])
end
return resumed
