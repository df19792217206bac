-- Removes every trace of a stopped worker: registration, started, ping, heartbeat and per-worker counters (the
-- totals stay). A worker that still holds a job (it could not give it back, Redis was away) is left as it is:
-- its ping runs stale and the scheduler recovers the job, as for a worker that died.
-- KEYS[1] workers set, KEYS[2] worker:<id>:started, KEYS[3] worker:ping:<name>, KEYS[4] workers:heartbeat,
-- KEYS[5] worker:<id>, KEYS[6] stat:processed:<name>, KEYS[7] stat:failed:<name>
-- ARGV[1] registration id
-- Returns 1 when the worker was removed, 0 when it holds a job.
if redis.call('EXISTS', KEYS[5]) == 1 then
  return 0
end
redis.call('SREM', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[2], KEYS[3], KEYS[6], KEYS[7])
redis.call('HDEL', KEYS[4], ARGV[1])
return 1
