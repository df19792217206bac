-- Seals a batch with its callbacks: from now on its callbacks fire once every member has ended, and at once if
-- every member has ended already. A batch is sealed once.
-- KEYS[1] the batch hash
-- ARGV[1] the job status key prefix, ARGV[2] the queues set key, ARGV[3] the queue key prefix, ARGV[4] the
-- wake-up channel, ARGV[5] how long a status lasts while its job has not ended (ms), ARGV[6] how long an ended
-- batch is kept (ms), then for on_complete and on_success each: payload, queue, name, id ('' when there is none)
-- Returns 1 when sealed, 0 when it was sealed already.
if redis.call('HGET', KEYS[1], 'sealed') == '1' then
  return 0
end
if redis.call('EXISTS', KEYS[1]) == 0 then
  -- a batch whose members a plugin all refused: it is complete at once
  redis.call('HSET', KEYS[1], 'created_at', nowMillis(), 'total', 0, 'pending', 0, 'succeeded', 0, 'failed', 0)
end
redis.call('HSET', KEYS[1], 'sealed', '1', 'queues_key', ARGV[2], 'queue_prefix', ARGV[3], 'channel', ARGV[4],
  'pending_ttl', ARGV[5], 'history_ttl', ARGV[6])
local names = { 'on_complete', 'on_success' }
for k = 1, 2 do
  local at = 7 + 4 * (k - 1)
  if ARGV[at] ~= '' then
    redis.call('HSET', KEYS[1], names[k] .. '_payload', ARGV[at], names[k] .. '_queue', ARGV[at + 1],
      names[k] .. '_class', ARGV[at + 2], names[k] .. '_id', ARGV[at + 3])
  end
end
settleBatch(ARGV[1], KEYS[1])
return 1
