-- Takes a delayed job out of every timestamp it is scheduled at and puts it on its queue once, in one step: it
-- is never both scheduled and queued, nor neither.
-- KEYS[1] delayed_queue_schedule, KEYS[2] queues set, KEYS[3] queue list, KEYS[4] and KEYS[5] the timestamps sets
-- of its two encodings, KEYS[6..] delayed:<ts> lists
-- ARGV[1] queue name, ARGV[2] payload to enqueue, ARGV[3] wake-up channel, ARGV[4] and ARGV[5] its two encodings
-- (node-resque's and resque-scheduler's), then for each list: ARGV[6 + 2(i-6)] its timestamp in seconds and
-- ARGV[7 + 2(i-6)] its member "delayed:<ts>" in the timestamps sets
-- Returns the timestamps it was removed from; the job is enqueued only when there is one.
local removed = {}
for i = 6, #KEYS do
  local ts = ARGV[6 + 2 * (i - 6)]
  local member = ARGV[7 + 2 * (i - 6)]
  local count = redis.call('LREM', KEYS[i], 0, ARGV[4])
  if ARGV[5] ~= ARGV[4] then
    count = count + redis.call('LREM', KEYS[i], 0, ARGV[5])
  end
  if count > 0 then
    table.insert(removed, ts)
  end
  redis.call('SREM', KEYS[4], member)
  redis.call('SREM', KEYS[5], member)
  if redis.call('LLEN', KEYS[i]) == 0 then
    redis.call('ZREM', KEYS[1], ts)
  end
end
if #removed > 0 then
  redis.call('SADD', KEYS[2], ARGV[1])
  redis.call('RPUSH', KEYS[3], ARGV[2])
  redis.call('PUBLISH', ARGV[3], ARGV[1])
end
return removed
