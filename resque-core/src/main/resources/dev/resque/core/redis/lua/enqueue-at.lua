-- Schedules one job at a timestamp unless the same job is already scheduled at that second
-- (the timestamps set would no longer tell the copies apart).
-- KEYS[1] delayed:<ts> list, KEYS[2] timestamps:<payload> set, KEYS[3] delayed_queue_schedule; for a tracked job
-- KEYS[4] delayed_id:<ts>:<digest>, which keeps its id (the entry itself stays as resque-scheduler writes it), and
-- KEYS[5] its status
-- ARGV[1] timestamp in seconds, ARGV[2] payload, ARGV[3] member "delayed:<ts>"; for a tracked job ARGV[4] its id,
-- ARGV[5] its name, ARGV[6] its queue, ARGV[7] how long its id and status last (ms: until due, and then some)
-- Returns {1, id} when scheduled, {0, id of the job already there} when not ('' for an untracked one).
if redis.call('SISMEMBER', KEYS[2], ARGV[3]) == 1 then
  return {0, (KEYS[4] and redis.call('GET', KEYS[4])) or ''}
end
redis.call('RPUSH', KEYS[1], ARGV[2])
redis.call('SADD', KEYS[2], ARGV[3])
redis.call('ZADD', KEYS[3], ARGV[1], ARGV[1])
if not KEYS[4] then
  return {1, ''}
end
redis.call('SET', KEYS[4], ARGV[4], 'PX', ARGV[7])
if redis.call('EXISTS', KEYS[5]) == 1 then
  -- a job scheduled to run again (a retry) keeps its status: attempts, error, enqueue time
  redis.call('HSET', KEYS[5], 'state', 'delayed', 'run_at', ARGV[1] .. '000')
else
  redis.call('HSET', KEYS[5], 'state', 'delayed', 'class', ARGV[5], 'queue', ARGV[6], 'run_at', ARGV[1] .. '000',
    'enqueued_at', nowMillis(), 'attempts', 0)
end
redis.call('PEXPIRE', KEYS[5], ARGV[7])
return {1, ARGV[4]}
