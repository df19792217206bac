-- Gives a worker's job back: puts it at the head of its queue and clears the working-on record, unless the
-- worker no longer holds that job. A tracked job's status says queued again.
-- KEYS[1] the worker's working-on record, KEYS[2] the job's queue
-- ARGV[1] the working-on record expected, ARGV[2] the payload, ARGV[3] the job status key prefix ('' when jobs
-- are not tracked), ARGV[4] how long a queued job's status lasts (ms)
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return 0
end
redis.call('LPUSH', KEYS[2], ARGV[2])
redis.call('DEL', KEYS[1])
local id = ARGV[3] and ARGV[3] ~= '' and trackedId(ARGV[2], 1)
if id then
  statusRequeued(ARGV[3] .. id, ARGV[4])
end
return 1
