-- Takes one entry out of the failed queue and puts its job back on its queue, in one step: a job is never
-- both failed and queued, nor lost between the two. A tracked job's status says queued again and it leaves the
-- history of ended jobs.
-- KEYS[1] failed list, KEYS[2] queues set, KEYS[3] queue list, KEYS[4] the history of ended jobs
-- ARGV[1] failed entry as stored, ARGV[2] queue name, ARGV[3] payload, ARGV[4] wake-up channel,
-- ARGV[5] the job status key prefix ('' when jobs are not tracked), ARGV[6] how long a queued job's status lasts
if redis.call('LREM', KEYS[1], 1, ARGV[1]) == 0 then
  return 0
end
redis.call('SADD', KEYS[2], ARGV[2])
redis.call('RPUSH', KEYS[3], ARGV[3])
redis.call('PUBLISH', ARGV[4], ARGV[2])
local id = ARGV[5] ~= '' and trackedId(ARGV[3], 1)
if id then
  redis.call('HSET', ARGV[5] .. id, 'state', 'queued')
  redis.call('PEXPIRE', ARGV[5] .. id, ARGV[6])
  redis.call('ZREM', KEYS[4], id)
end
return 1
