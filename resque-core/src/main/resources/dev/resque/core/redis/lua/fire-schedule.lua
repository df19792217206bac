-- Enqueues one firing of a recurring job at most once, whichever scheduler fires it, and records the firing.
-- KEYS[1] the firing's marker, KEYS[2] queues set, KEYS[3] queue, KEYS[4] schedule_last_fired hash
-- ARGV[1] marker time-to-live in seconds, ARGV[2] queue name, ARGV[3] payload, ARGV[4] wake-up channel,
-- ARGV[5] schedule name, ARGV[6] the firing's time in epoch seconds; for a tracked job KEYS[5] its status,
-- ARGV[7] its name and ARGV[8] how long its status lasts unless the job moves on (ms)
redis.call('HSET', KEYS[4], ARGV[5], ARGV[6])
if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then
  return 0
end
redis.call('SADD', KEYS[2], ARGV[2])
redis.call('RPUSH', KEYS[3], ARGV[3])
redis.call('PUBLISH', ARGV[4], ARGV[2])
if KEYS[5] then
  statusQueued(KEYS[5], ARGV[7], ARGV[2], nowMillis(), ARGV[8])
end
return 1
