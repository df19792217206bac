-- Moves due delayed jobs of one timestamp to their queues. Each job leaves the delayed list and reaches its
-- queue in the same atomic step, so a crash loses nothing; a job another scheduler moved first is skipped.
-- A tracked job (one whose id was kept beside its entry) is queued with its id as the payload's last field, and
-- its status says queued.
-- KEYS[1] delayed:<ts>, KEYS[2] delayed_queue_schedule, KEYS[3] queues set,
-- then for each job i: KEYS[3+3i-2] its queue, KEYS[3+3i-1] its timestamps:<payload> set,
-- KEYS[3+3i] its delayed_id:<ts>:<digest>
-- ARGV[1] ts, ARGV[2] member "delayed:<ts>", ARGV[3] wake-up channel, ARGV[4] the job status key prefix ('' when
-- jobs are not tracked), ARGV[5] how long a queued job's status lasts (ms),
-- then for each job i: ARGV[5+3i-2] the delayed entry, ARGV[5+3i-1] what goes on the queue ('' for the entry
-- itself, byte for byte; Ruby's dialect queues it without its queue field), ARGV[5+3i] queue name
-- Returns for each job 1 if it was moved, 0 if not (another scheduler moved it first, or its queue key is not a
-- list), then how many entries the delayed list still holds (0 once it is gone from the schedule): the mover reads
-- the list again only when something is left.
local moved = {}
local jobs = (#ARGV - 5) / 3
for i = 1, jobs do
  local entry = ARGV[5 + 3 * i - 2]
  local queued = ARGV[5 + 3 * i - 1]
  if queued == '' then
    queued = entry
  end
  local queue = ARGV[5 + 3 * i]
  local target = redis.call('TYPE', KEYS[3 + 3 * i - 2])['ok']
  -- a queue key of another type would refuse the job after it left the delayed list: leave it delayed
  if (target == 'list' or target == 'none') and redis.call('LREM', KEYS[1], 1, entry) == 1 then
    if ARGV[4] ~= '' then
      local id = redis.call('GET', KEYS[3 + 3 * i])
      if id and string.find(id, '^[0-9a-f]+$') and string.sub(queued, -1) == '}' then
        redis.call('DEL', KEYS[3 + 3 * i])
        -- a batch member (a retry) keeps its batch too, just before its id, where the finish script finds it
        local batch = redis.call('HGET', ARGV[4] .. id, 'batch')
        local field = batch and (',"batch":"' .. batch .. '"') or ''
        queued = string.sub(queued, 1, -2) .. field .. ',"id":"' .. id .. '"}'
        redis.call('HSET', ARGV[4] .. id, 'state', 'queued')
        redis.call('PEXPIRE', ARGV[4] .. id, ARGV[5])
      end
    end
    redis.call('SADD', KEYS[3], queue)
    redis.call('RPUSH', KEYS[3 + 3 * i - 2], queued)
    redis.call('SREM', KEYS[3 + 3 * i - 1], ARGV[2])
    redis.call('PUBLISH', ARGV[3], queue)
    moved[i] = 1
  else
    moved[i] = 0
  end
end
local left = redis.call('LLEN', KEYS[1])
if left == 0 then
  redis.call('DEL', KEYS[1])
  redis.call('ZREM', KEYS[2], ARGV[1])
end
moved[jobs + 1] = left
return moved
