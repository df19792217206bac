-- Removes a name from a set or sorted set (the queues set, the delayed schedule) when the list it stands for is
-- gone, checked in the same step, so a job added meanwhile keeps its entry.
-- KEYS[1] the set or sorted set, KEYS[2] the list
-- ARGV[1] the member
-- Returns 1 when removed, 0 when the list exists or the member was not there.
if redis.call('EXISTS', KEYS[2]) == 1 then
  return 0
end
if redis.call('TYPE', KEYS[1]).ok == 'zset' then
  return redis.call('ZREM', KEYS[1], ARGV[1])
end
return redis.call('SREM', KEYS[1], ARGV[1])
