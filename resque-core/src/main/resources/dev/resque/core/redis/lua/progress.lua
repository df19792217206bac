-- Records a running job's progress in its status, only while the worker reporting it still holds the job in its
-- working-on record (a job given back, or taken by another worker meanwhile, is not written over by a late
-- report).
-- KEYS[1] the job's status, KEYS[2] the worker's working-on record
-- ARGV[1] the job's id, ARGV[2] percent done, ARGV[3] a message ('' for none)
-- Returns 1 when recorded, 0 when not.
if trackedId(redis.call('GET', KEYS[2]), 2) ~= ARGV[1] then
  return 0
end
redis.call('HSET', KEYS[1], 'progress', ARGV[2], 'progress_message', ARGV[3], 'progress_at', nowMillis())
return 1
