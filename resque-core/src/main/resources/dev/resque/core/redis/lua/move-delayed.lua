-- Moves due delayed jobs of one timestamp to their queues. Each job leaves the delayed list and reaches its
-- queue in the same atomic step, so a crash loses nothing; a job another scheduler moved first is skipped.
-- KEYS[1] delayed:<ts>, KEYS[2] delayed_queue_schedule, KEYS[3] queues set,
-- then for each job i: KEYS[3+2i-1] its queue, KEYS[3+2i] its timestamps:<payload> set
-- ARGV[1] ts, ARGV[2] member "delayed:<ts>", ARGV[3] wake-up channel,
-- then for each job i: ARGV[3+3i-2] the delayed entry, ARGV[3+3i-1] what goes on the queue ('' for the entry
-- itself, byte for byte; Ruby's dialect queues it without its queue field), ARGV[3+3i] queue name
-- Returns for each job 1 if it was moved, 0 if not (another scheduler moved it first, or its queue key is not a
-- list).
local moved = {}
local jobs = (#ARGV - 3) / 3
for i = 1, jobs do
  local entry = ARGV[3 + 3 * i - 2]
  local queued = ARGV[3 + 3 * i - 1]
  if queued == '' then
    queued = entry
  end
  local queue = ARGV[3 + 3 * i]
  local target = redis.call('TYPE', KEYS[3 + 2 * i - 1])['ok']
  -- a queue key of another type would refuse the job after it left the delayed list: leave it delayed
  if (target == 'list' or target == 'none') and redis.call('LREM', KEYS[1], 1, entry) == 1 then
    redis.call('SADD', KEYS[3], queue)
    redis.call('RPUSH', KEYS[3 + 2 * i - 1], queued)
    redis.call('SREM', KEYS[3 + 2 * i], ARGV[2])
    redis.call('PUBLISH', ARGV[3], queue)
    moved[i] = 1
  else
    moved[i] = 0
  end
end
if redis.call('LLEN', KEYS[1]) == 0 then
  redis.call('DEL', KEYS[1])
  redis.call('ZREM', KEYS[2], ARGV[1])
end
return moved
