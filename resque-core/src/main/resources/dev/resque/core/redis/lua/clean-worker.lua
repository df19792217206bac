-- Removes a dead worker (registration, started, ping, heartbeat, per-worker counters, working-on record) and
-- deals with the job it held: back at the head of its queue, or into the failed queue. Nothing happens to the
-- job if the record changed since it was read (the worker is alive after all, or another scheduler cleaned it).
-- KEYS[1] workers set, KEYS[2] worker:<id>, KEYS[3] worker:<id>:started, KEYS[4] worker:ping:<name>,
-- KEYS[5] workers:heartbeat, KEYS[6] stat:processed:<name>, KEYS[7] stat:failed:<name>,
-- KEYS[8] the job's queue (or failed list), KEYS[9] queues set, KEYS[10] stat:failed,
-- KEYS[11] stat:processed:<id>, KEYS[12] stat:failed:<id> (per-worker counters are kept under the name by
-- node-resque, under the registration id by Ruby Resque and this library)
-- ARGV[1] registration id, ARGV[2] working-on record read ('' for none), ARGV[3] action: 'requeue' or 'fail',
-- ARGV[4] payload to requeue or failed record, ARGV[5] queue name, ARGV[6] ping record read; when jobs are
-- tracked: ARGV[7] the job status key prefix, ARGV[8] how long a queued job's status lasts (ms), ARGV[9] how
-- long an ended one's lasts, ARGV[10] the error a failed job's status records, and KEYS[13] the history of ended
-- jobs
-- Returns 1 when the worker was cleaned, 0 when it changed meanwhile.
if redis.call('GET', KEYS[4]) ~= (ARGV[6] ~= '' and ARGV[6] or false) then
  return 0
end
local record = redis.call('GET', KEYS[2])
if (record or '') ~= ARGV[2] then
  return 0
end
if record then
  local id = ARGV[7] and ARGV[7] ~= '' and trackedId(record, 2)
  if ARGV[3] == 'requeue' then
    redis.call('SADD', KEYS[9], ARGV[5])
    redis.call('LPUSH', KEYS[8], ARGV[4])
    if id then
      statusRequeued(ARGV[7] .. id, ARGV[8])
    end
  else
    redis.call('RPUSH', KEYS[8], ARGV[4])
    redis.call('INCR', KEYS[10])
    if id then
      -- the attempt the dead worker made counts, and why it ended
      redis.call('HSET', ARGV[7] .. id, 'error', ARGV[10])
      redis.call('HINCRBY', ARGV[7] .. id, 'attempts', 1)
      statusEnded(ARGV[7], KEYS[13], id, 'failed', ARGV[9])
    end
  end
end
redis.call('SREM', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[2], KEYS[3], KEYS[4], KEYS[6], KEYS[7], KEYS[11], KEYS[12])
redis.call('HDEL', KEYS[5], ARGV[1])
return 1
