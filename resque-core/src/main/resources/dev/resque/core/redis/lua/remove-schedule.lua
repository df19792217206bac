-- Removes a dynamic schedule with its pause and its last firing, and marks it changed for a Ruby scheduler.
-- KEYS[1] persistent_schedules, KEYS[2] schedules_changed, KEYS[3] paused_schedules, KEYS[4] schedule_last_fired
-- ARGV[1] the schedule's name
-- Returns 1 when there was such a schedule, 0 when not.
local removed = redis.call('HDEL', KEYS[1], ARGV[1])
if removed == 1 then
  redis.call('SADD', KEYS[2], ARGV[1])
  redis.call('SREM', KEYS[3], ARGV[1])
  redis.call('HDEL', KEYS[4], ARGV[1])
end
return removed
