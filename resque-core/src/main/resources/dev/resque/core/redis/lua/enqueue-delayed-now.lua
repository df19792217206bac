-- Takes a delayed job out of every timestamp it is scheduled at and puts it on its queue once, in one step: it
-- is never both scheduled and queued, nor neither. A tracked job is queued with its id (the first one kept
-- beside its entries) and its status says queued.
-- KEYS[1] delayed_queue_schedule, KEYS[2] queues set, KEYS[3] queue list, KEYS[4] and KEYS[5] the timestamps sets
-- of its two encodings, then for each timestamp i two keys: KEYS[4+2i] its delayed:<ts> list and KEYS[5+2i] its
-- delayed_id:<ts>:<digest>
-- ARGV[1] queue name, ARGV[2] payload to enqueue, ARGV[3] wake-up channel, ARGV[4] and ARGV[5] its two encodings
-- (node-resque's and resque-scheduler's), ARGV[6] the job status key prefix ('' when jobs are not tracked),
-- ARGV[7] how long a queued job's status lasts (ms), then for each timestamp i: ARGV[6+2i] its timestamp in
-- seconds and ARGV[7+2i] its member "delayed:<ts>" in the timestamps sets
-- Returns the timestamps it was removed from; the job is enqueued only when there is one.
local removed = {}
local id
for i = 1, (#KEYS - 5) / 2 do
  local list = KEYS[4 + 2 * i]
  local ts = ARGV[6 + 2 * i]
  local member = ARGV[7 + 2 * i]
  local count = redis.call('LREM', list, 0, ARGV[4])
  if ARGV[5] ~= ARGV[4] then
    count = count + redis.call('LREM', list, 0, ARGV[5])
  end
  if count > 0 then
    table.insert(removed, ts)
    if ARGV[6] ~= '' then
      id = id or redis.call('GET', KEYS[5 + 2 * i])
    end
  end
  redis.call('DEL', KEYS[5 + 2 * i])
  redis.call('SREM', KEYS[4], member)
  redis.call('SREM', KEYS[5], member)
  if redis.call('LLEN', list) == 0 then
    redis.call('ZREM', KEYS[1], ts)
  end
end
if #removed > 0 then
  local payload = ARGV[2]
  if id and string.find(id, '^[0-9a-f]+$') and string.sub(payload, -1) == '}' then
    local batch = redis.call('HGET', ARGV[6] .. id, 'batch')
    local field = batch and (',"batch":"' .. batch .. '"') or ''
    payload = string.sub(payload, 1, -2) .. field .. ',"id":"' .. id .. '"}'
    redis.call('HSET', ARGV[6] .. id, 'state', 'queued')
    redis.call('PEXPIRE', ARGV[6] .. id, ARGV[7])
  end
  redis.call('SADD', KEYS[2], ARGV[1])
  redis.call('RPUSH', KEYS[3], payload)
  redis.call('PUBLISH', ARGV[3], ARGV[1])
end
return removed
