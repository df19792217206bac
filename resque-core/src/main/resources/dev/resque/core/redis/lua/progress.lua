-- Records a running job's progress in its status, only while the worker reporting it still runs it (a job
-- given back or taken by another worker meanwhile is not overwritten by a late report).
-- KEYS[1] the job's status
-- ARGV[1] the worker's name, ARGV[2] percent done, ARGV[3] a message ('' for none)
-- Returns 1 when recorded, 0 when not.
if redis.call('HGET', KEYS[1], 'state') ~= 'running' or redis.call('HGET', KEYS[1], 'worker') ~= ARGV[1] then
  return 0
end
redis.call('HSET', KEYS[1], 'progress', ARGV[2], 'progress_message', ARGV[3], 'progress_at', nowMillis())
return 1
