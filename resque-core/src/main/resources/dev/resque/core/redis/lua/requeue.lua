-- Gives a worker's job back: puts it at the head of its queue and clears the working-on record, unless the
-- worker no longer holds that job.
-- KEYS[1] the worker's working-on record, KEYS[2] the job's queue
-- ARGV[1] the working-on record expected, ARGV[2] the payload
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return 0
end
redis.call('LPUSH', KEYS[2], ARGV[2])
redis.call('DEL', KEYS[1])
return 1
