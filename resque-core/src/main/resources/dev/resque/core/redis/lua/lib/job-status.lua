-- Job status, shared by the scripts that move a tracked job from one state to the next. A job this library
-- enqueued ends its payload with ,"id":"<24 hex digits>"} (a working-on record, which ends with the payload,
-- with one brace more), so the id is found by position without decoding the JSON. Anything else is another
-- program's job and is not tracked.

-- The id whose closing quote is followed by tail characters at the end of text, or nil.
local function trackedId(text, tail)
  if type(text) ~= 'string' then
    return nil
  end
  local close = #text - tail
  if close < 32 or string.byte(text, close) ~= 34 or string.sub(text, close - 31, close - 25) ~= ',"id":"' then
    return nil
  end
  local id = string.sub(text, close - 24, close - 1)
  if string.find(id, '^[0-9a-f]+$') then
    return id
  end
  return nil
end

-- The batch a tracked payload belongs to: a batch member carries ,"batch":"<24 hex digits>" just before its id.
local function batchOf(text, tail)
  local close = #text - tail - 32
  if close < 35 or string.byte(text, close) ~= 34 or string.sub(text, close - 34, close - 25) ~= ',"batch":"' then
    return nil
  end
  local batch = string.sub(text, close - 24, close - 1)
  if string.find(batch, '^[0-9a-f]+$') then
    return batch
  end
  return nil
end

-- The server's time in milliseconds, as text: every instance stamps a status by the same clock.
local function nowMillis()
  local time = redis.call('TIME')
  return time[1] .. string.format('%03d', math.floor(tonumber(time[2]) / 1000))
end

-- A tracked job's status as it starts waiting on its queue, written in the step that queues it (with the batch it
-- belongs to, if any).
local function statusQueued(key, class, queue, now, ttl, batch)
  if batch then
    redis.call('HSET', key, 'state', 'queued', 'class', class, 'queue', queue, 'enqueued_at', now, 'attempts', 0,
      'batch', batch)
  else
    redis.call('HSET', key, 'state', 'queued', 'class', class, 'queue', queue, 'enqueued_at', now, 'attempts', 0)
  end
  redis.call('PEXPIRE', key, ttl)
end

-- A tracked job put back on its queue unfinished (its worker died or gave it back): the attempt counts.
local function statusRequeued(key, ttl)
  redis.call('HSET', key, 'state', 'queued')
  redis.call('HINCRBY', key, 'attempts', 1)
  redis.call('HINCRBY', key, 'requeued', 1)
  redis.call('PEXPIRE', key, ttl)
end

-- The states a job does not leave by itself: its status then lasts the history's retention.
local ENDED = { succeeded = true, failed = true, cancelled = true, dropped = true }

-- Puts a batch's callback on its queue, tracked: the batch hash keeps its payload, queue, name and id, and the
-- keys it goes to (the namespace's queues set, queue key prefix and wake-up channel).
local function fireBatchCallback(prefix, batchKey, which)
  local f = redis.call('HMGET', batchKey, which .. '_payload', which .. '_queue', which .. '_class', which .. '_id',
    'queues_key', 'queue_prefix', 'channel', 'pending_ttl')
  if not f[1] then
    return
  end
  redis.call('SADD', f[5], f[2])
  redis.call('RPUSH', f[6] .. f[2], f[1])
  redis.call('PUBLISH', f[7], f[2])
  if f[4] then
    statusQueued(prefix .. f[4], f[3], f[2], nowMillis(), f[8])
  end
end

-- Fires a sealed batch's callbacks once every member has ended: on_complete once, on_success once no member is
-- failed (a failed member retried later and succeeding still brings it). Each fires at most once: the flag is
-- set in the same step.
local function settleBatch(prefix, batchKey)
  local b = redis.call('HMGET', batchKey, 'sealed', 'pending', 'failed', 'complete_fired', 'success_fired',
    'history_ttl')
  if b[1] ~= '1' or tonumber(b[2] or '1') > 0 then
    return
  end
  local now = nowMillis()
  if not b[4] then
    redis.call('HSET', batchKey, 'complete_fired', now)
    fireBatchCallback(prefix, batchKey, 'on_complete')
  end
  if tonumber(b[3] or '0') == 0 and not b[5] then
    redis.call('HSET', batchKey, 'success_fired', now)
    fireBatchCallback(prefix, batchKey, 'on_success')
  end
  if b[6] then
    redis.call('PEXPIRE', batchKey, b[6])
  end
end

-- A tracked job ended with the given state: when it belongs to a batch (given, or else looked up in its status),
-- the batch counts it once (a failed member that later succeeds moves from failed to succeeded) and settles.
local function batchMemberEnded(prefix, id, state, batch)
  local statusKey = prefix .. id
  batch = batch or redis.call('HGET', statusKey, 'batch')
  if not batch then
    return
  end
  local batchKey = prefix .. 'batch:' .. batch
  if redis.call('EXISTS', batchKey) == 0 then
    return
  end
  local succeeded = state == 'succeeded'
  local before = redis.call('HGET', statusKey, 'batch_outcome')
  if not before then
    if tonumber(redis.call('HGET', batchKey, 'pending') or '0') <= 0 then
      -- every member was counted already (this one's mark went with its pruned status): count nothing twice
      return
    end
    redis.call('HSET', statusKey, 'batch_outcome', succeeded and 'succeeded' or 'failed')
    redis.call('HINCRBY', batchKey, 'pending', -1)
    redis.call('HINCRBY', batchKey, succeeded and 'succeeded' or 'failed', 1)
  elseif before == 'failed' and succeeded then
    redis.call('HSET', statusKey, 'batch_outcome', 'succeeded')
    redis.call('HINCRBY', batchKey, 'failed', -1)
    redis.call('HINCRBY', batchKey, 'succeeded', 1)
  else
    return
  end
  settleBatch(prefix, batchKey)
end

-- A tracked job that ended without a worker (cancelled before it ran, or failed with its dead worker): its status
-- says so, it joins the history of ended jobs and its batch counts it.
local function statusEnded(prefix, historyKey, id, state, ttl)
  local now = nowMillis()
  redis.call('HSET', prefix .. id, 'state', state, 'finished_at', now)
  redis.call('PEXPIRE', prefix .. id, ttl)
  redis.call('ZADD', historyKey, now, id)
  batchMemberEnded(prefix, id, state)
end
