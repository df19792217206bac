-- Adds members to a batch that is not sealed yet and enqueues them, in one step: a member is counted pending in
-- the same step that puts it on its queue, so the batch never completes early nor waits for a job that is not
-- there. The first call creates the batch.
-- KEYS[1] the batch hash, KEYS[2] the queues set, KEYS[3..2+n] each member's queue
-- ARGV[1] the job status key prefix, ARGV[2] the batch id, ARGV[3] the wake-up channel, ARGV[4] how long a
-- status lasts while its job has not ended (ms), ARGV[5] the batch's description ('' for none),
-- then for each member i: ARGV[6+4(i-1)] its queue name, ARGV[7+4(i-1)] its payload, ARGV[8+4(i-1)] its name,
-- ARGV[9+4(i-1)] its id
-- Returns how many members the batch has now, or an error when it was sealed already.
if redis.call('HGET', KEYS[1], 'sealed') == '1' then
  return redis.error_reply('ERR batch ' .. ARGV[2] .. ' is sealed: no member can be added')
end
local now = nowMillis()
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'created_at', now, 'total', 0, 'pending', 0, 'succeeded', 0, 'failed', 0,
    'description', ARGV[5])
end
local woken = {}
for i = 1, #KEYS - 2 do
  local at = 6 + 4 * (i - 1)
  local queue, payload, class, id = ARGV[at], ARGV[at + 1], ARGV[at + 2], ARGV[at + 3]
  redis.call('SADD', KEYS[2], queue)
  redis.call('RPUSH', KEYS[2 + i], payload)
  statusQueued(ARGV[1] .. id, class, queue, now, ARGV[4], ARGV[2])
  if not woken[queue] then
    woken[queue] = true
    redis.call('PUBLISH', ARGV[3], queue)
  end
end
redis.call('HINCRBY', KEYS[1], 'pending', #KEYS - 2)
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return redis.call('HINCRBY', KEYS[1], 'total', #KEYS - 2)
