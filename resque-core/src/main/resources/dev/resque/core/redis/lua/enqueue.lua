-- Puts one job on its queue, registers the queue and wakes idle workers, in one step; a tracked job's status
-- is written in the same step, so it is never queued without one.
-- KEYS[1] queues set, KEYS[2] queue list, KEYS[3] the job's status, for a tracked job only
-- ARGV[1] queue name, ARGV[2] payload, ARGV[3] wake-up channel; for a tracked job ARGV[4] its name and
-- ARGV[5] how long its status lasts unless the job moves on (ms)
redis.call('SADD', KEYS[1], ARGV[1])
local length = redis.call('RPUSH', KEYS[2], ARGV[2])
redis.call('PUBLISH', ARGV[3], ARGV[1])
if KEYS[3] then
  statusQueued(KEYS[3], ARGV[4], ARGV[1], nowMillis(), ARGV[5])
end
return length
