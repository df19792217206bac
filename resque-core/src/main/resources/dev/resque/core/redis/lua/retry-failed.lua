-- Takes one entry out of the failed queue and puts its job back on its queue, in one step: a job is never
-- both failed and queued, nor lost between the two.
-- KEYS[1] failed list, KEYS[2] queues set, KEYS[3] queue list
-- ARGV[1] failed entry as stored, ARGV[2] queue name, ARGV[3] payload, ARGV[4] wake-up channel
if redis.call('LREM', KEYS[1], 1, ARGV[1]) == 0 then
  return 0
end
redis.call('SADD', KEYS[2], ARGV[2])
redis.call('RPUSH', KEYS[3], ARGV[3])
redis.call('PUBLISH', ARGV[4], ARGV[2])
return 1
