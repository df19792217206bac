-- Moves a delayed entry that cannot be enqueued (no queue, not a job) to the failed queue.
-- KEYS[1] delayed:<ts>, KEYS[2] delayed_queue_schedule, KEYS[3] failed list, KEYS[4] stat:failed
-- ARGV[1] ts, ARGV[2] the entry, ARGV[3] failed record
local target = redis.call('TYPE', KEYS[3])['ok']
if target ~= 'list' and target ~= 'none' then
  return redis.error_reply('ERR ' .. KEYS[3] .. ' is not a list; the delayed entry stays where it is')
end
if redis.call('LREM', KEYS[1], 1, ARGV[2]) == 1 then
  redis.call('RPUSH', KEYS[3], ARGV[3])
  redis.call('INCR', KEYS[4])
end
if redis.call('LLEN', KEYS[1]) == 0 then
  redis.call('DEL', KEYS[1])
  redis.call('ZREM', KEYS[2], ARGV[1])
end
return 1
