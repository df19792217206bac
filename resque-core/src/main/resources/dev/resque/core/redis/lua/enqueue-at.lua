-- Schedules one job at a timestamp unless the same job is already scheduled at that second
-- (the timestamps set would no longer tell the copies apart).
-- KEYS[1] delayed:<ts> list, KEYS[2] timestamps:<payload> set, KEYS[3] delayed_queue_schedule
-- ARGV[1] timestamp in seconds, ARGV[2] payload, ARGV[3] member "delayed:<ts>"
if redis.call('SISMEMBER', KEYS[2], ARGV[3]) == 1 then
  return 0
end
redis.call('RPUSH', KEYS[1], ARGV[2])
redis.call('SADD', KEYS[2], ARGV[3])
redis.call('ZADD', KEYS[3], ARGV[1], ARGV[1])
return 1
