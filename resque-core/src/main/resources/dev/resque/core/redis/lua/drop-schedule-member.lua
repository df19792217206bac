-- Takes a member that is not a timestamp out of delayed_queue_schedule and records it in the failed queue, so
-- that one damaged entry does not stop every later delayed job. Its list, if there is one, stays where it is.
-- KEYS[1] delayed_queue_schedule, KEYS[2] failed list, KEYS[3] stat:failed
-- ARGV[1] the member, ARGV[2] failed record
local target = redis.call('TYPE', KEYS[2])['ok']
if target ~= 'list' and target ~= 'none' then
  return redis.error_reply('ERR ' .. KEYS[2] .. ' is not a list; the schedule member stays where it is')
end
if redis.call('ZREM', KEYS[1], ARGV[1]) == 1 then
  redis.call('RPUSH', KEYS[2], ARGV[2])
  redis.call('INCR', KEYS[3])
  return 1
end
return 0
