-- One round trip per job: finishes the worker's current job (stats, failed entry, working-on record cleared,
-- a tracked job's status) and takes the next one from the first non-empty queue in priority order, recording it
-- as the worker's working-on record (and a tracked job's status as running) in the same atomic step, so a job is
-- always either queued or held by a worker.
-- KEYS[1] the worker's working-on record, KEYS[2] stat:processed, KEYS[3] stat:processed:<worker>,
-- KEYS[4] stat:failed, KEYS[5] stat:failed:<worker>, KEYS[6] failed list, KEYS[7] the set of paused queues,
-- KEYS[8] stat:cancelled, KEYS[9] the history of ended jobs, KEYS[10..9+n] the n queues in the order to try them
-- ARGV[1] what to finish: '' nothing, 'ok' a success, 'failed' a failure, 'retried' a failure scheduled to run
--         again (counted, kept out of the failed list), 'dropped' a job a plugin stopped (not counted),
--         'cancelled' a job cancelled while it ran (counted as cancelled only)
-- ARGV[2] the working-on record being finished: nothing is counted if the worker no longer holds it
--         (the job was given back at shutdown or recovered by the scheduler)
-- ARGV[3] the failed entry, for 'failed'
-- ARGV[4] '1' to take the next job, '0' not to
-- ARGV[5] start of the working-on record up to the queue name, ARGV[6] its part from the worker to the payload
-- ARGV[7] '1' when failures count as processed too (Ruby Resque's counting), else '0'
-- ARGV[8] the job status key prefix, '' when jobs are not tracked (a job is tracked when its payload ends with
--         its id, see lib/job-status.lua); ARGV[9] the worker's name; ARGV[10] the time now (ms); ARGV[11] how
--         long an ended job's status lasts (ms); ARGV[12] how long a job's status lasts while it waits to run
--         again (ms); ARGV[13] the error the finished job ended with, '' for none; ARGV[14] when the finished job
--         started (ms)
-- ARGV[15] n, the number of queues; ARGV[16..15+n] the queue names as JSON strings (ARGV[6+i] names KEYS[i])
-- A worker that uses no concurrency slot and no limit sends nothing more. Otherwise:
-- ARGV[16+n] r, how many concurrency slots the finished job held, given back here (KEYS[10+n..9+n+r]);
-- ARGV[17+n] how long a slot lasts unless renewed (ms);
-- and when some limit applies to this take, ARGV[18+n..17+2n] one limit per queue, '' for none, else
-- 'slots,max,rate,count,window': the KEYS index of the queue's slots (a sorted set of workers by lease expiry)
-- and the most that may run at once, the KEYS index of its recent takes (a sorted set by time) and the most that
-- may be taken within window ms, an index of 0 meaning no such limit; then ARGV[18+2n] m, the number of jobs with
-- a concurrency limit, and for each the job's name, the KEYS index of its slots and the most that may run at once.
-- A take writes no state: a job held in a working-on record is running (the admin finds it there); it only moves
-- a tracked job's epoch on (two commands); its finish writes the outcome, the attempt, where and when it ran.
-- Returns {queue index (0-based), payload, the job's name when it took that job's slot or '', the attempt}; the
-- attempt is a tracked job's epoch, incremented by each take (its fencing token with the id), '' when untracked;
-- {'held', record, attempt} when the worker already holds a job; {'limited', ms} when nothing was taken and a
-- limited queue may give a job in about that long; or an empty table when nothing was taken.
-- A finish for a record the worker no longer holds (its job was given back and taken again, by this or another
-- worker) records no outcome: it is counted as superseded, in the job's status and in stat:superseded.
-- A take is safe to run twice: a call the client gave up on may still run when Redis answers again, and the
-- worker then calls again. The second run finds the record the first one wrote and hands that job back rather
-- than popping another one over it, so no job is left behind in an overwritten record.
local STATE_OF = { ok = 'succeeded', failed = 'failed', retried = 'retrying', dropped = 'dropped',
  cancelled = 'cancelled' }
local tracking = ARGV[8] ~= ''
-- a take of a tracked job moves its epoch on: the attempt that runs now is the only one whose writes count
local function takenEpoch(text, tail)
  local id = tracking and trackedId(text, tail)
  if id and redis.call('EXISTS', ARGV[8] .. id) == 1 then
    return tostring(redis.call('HINCRBY', ARGV[8] .. id, 'epoch', 1))
  end
  return ''
end
-- the record is read once: to match the job being finished, and to find a job already held
local held = redis.call('GET', KEYS[1])
local failedType = (ARGV[1] == 'failed' and held == ARGV[2]) and redis.call('TYPE', KEYS[6])['ok'] or 'list'
if failedType ~= 'list' and failedType ~= 'none' then
  -- a failed queue of another type would take the record and lose the entry: keep the job held, say why
  return redis.error_reply('ERR ' .. KEYS[6] .. ' is not a list; the failed job stays in its working-on record')
end
local n = tonumber(ARGV[15])
local slotted = ARGV[16 + n] ~= nil
if slotted then
  -- the slots go with the job, whether or not its outcome still counts
  for k = 10 + n, 9 + n + tonumber(ARGV[16 + n]) do
    pcall(redis.call, 'ZREM', KEYS[k], ARGV[9])
  end
end
if ARGV[1] ~= '' and held ~= ARGV[2] then
  -- a stale attempt ends after its job was taken again: its outcome is not recorded, it is counted as superseded
  -- (stat:superseded sits beside stat:cancelled, KEYS[8], in the same namespace)
  redis.call('INCR', string.sub(KEYS[8], 1, -10) .. 'superseded')
  local id = tracking and trackedId(ARGV[2], 2)
  if id and redis.call('EXISTS', ARGV[8] .. id) == 1 then
    redis.call('HINCRBY', ARGV[8] .. id, 'superseded', 1)
  end
end
-- the finished job's record is deleted on the way out unless a take writes the next one over it (one command
-- fewer per job while the queue has jobs)
local recordEnded = false
local function ended(reply)
  if recordEnded then
    redis.call('DEL', KEYS[1])
  end
  return reply
end
if ARGV[1] ~= '' and held == ARGV[2] then
  recordEnded = true
  held = false
  if ARGV[1] == 'ok' then
    redis.call('INCR', KEYS[2])
    redis.call('INCR', KEYS[3])
  elseif ARGV[1] == 'cancelled' then
    redis.call('INCR', KEYS[8])
  elseif ARGV[1] ~= 'dropped' then
    redis.call('INCR', KEYS[4])
    redis.call('INCR', KEYS[5])
    if ARGV[7] == '1' then
      redis.call('INCR', KEYS[2])
      redis.call('INCR', KEYS[3])
    end
    if ARGV[1] == 'failed' then
      redis.call('RPUSH', KEYS[6], ARGV[3])
    end
  end
  local id = tracking and trackedId(ARGV[2], 2)
  local state = STATE_OF[ARGV[1]]
  if state == 'dropped' and id and redis.call('HGET', ARGV[8] .. id, 'state') == 'delayed' then
    -- a plugin that stopped the job scheduled it again (a job lock held elsewhere): it is delayed, not dropped
    state = nil
  end
  if id and state then
    local key, now = ARGV[8] .. id, ARGV[10]
    if ARGV[13] ~= '' then
      redis.call('HSET', key, 'state', state, 'finished_at', now, 'worker', ARGV[9], 'started_at', ARGV[14],
        'error', ARGV[13])
    else
      redis.call('HSET', key, 'state', state, 'finished_at', now, 'worker', ARGV[9], 'started_at', ARGV[14])
    end
    redis.call('HINCRBY', key, 'attempts', 1)
    if state == 'retrying' then
      redis.call('PEXPIRE', key, ARGV[12])
      -- the next attempt reports its own progress
      redis.call('HDEL', key, 'progress', 'progress_message', 'progress_at')
    else
      redis.call('PEXPIRE', key, ARGV[11])
      redis.call('ZADD', KEYS[9], now, id)
      -- a batch member carries its batch in its payload: other jobs cost no look-up
      local batch = batchOf(ARGV[2], 2)
      if batch then
        batchMemberEnded(ARGV[8], id, state, batch)
      end
    end
  end
end
if ARGV[4] ~= '1' then
  return ended({})
end
if held then
  local id = tracking and trackedId(held, 2)
  return {'held', held, id and redis.call('HGET', ARGV[8] .. id, 'epoch') or ''}
end
-- paused queues are passed over: while none is paused this costs one SCARD; a paused-set key of another
-- type pauses nothing rather than failing every take
local countedPaused, pausedCount = pcall(redis.call, 'SCARD', KEYS[7])
local anyPaused = countedPaused and pausedCount > 0
if ARGV[18 + n] == nil then
  -- no limit applies: the plain take. With several queues and none paused, one LMPOP (Redis 7) pops from the
  -- first non-empty one, in the same order, at a fraction of the cost of an LPOP per empty queue ahead; where it
  -- fails (an older Redis, or a queue key of another type) the loop below does the same take one queue at a time
  if n > 1 and not anyPaused then
    local lmpop = {'LMPOP', n}
    for i = 10, 9 + n do
      lmpop[#lmpop + 1] = KEYS[i]
    end
    lmpop[#lmpop + 1] = 'LEFT'
    local popped, result = pcall(redis.call, unpack(lmpop))
    if popped then
      if not result then
        return ended({})
      end
      for i = 10, 9 + n do
        if KEYS[i] == result[1] then
          local payload = result[2][1]
          redis.call('SET', KEYS[1], ARGV[5] .. ARGV[6 + i] .. ARGV[6] .. payload .. '}')
          return {tostring(i - 10), payload, '', takenEpoch(payload, 1)}
        end
      end
    end
  end
  for i = 10, 9 + n do
    if not (anyPaused and redis.call('SISMEMBER', KEYS[7], cjson.decode(ARGV[6 + i])) == 1) then
      -- a queue key of another type (damaged, or another program's) is skipped, not an error for every take
      local ok, payload = pcall(redis.call, 'LPOP', KEYS[i])
      if ok and payload then
        redis.call('SET', KEYS[1], ARGV[5] .. ARGV[6 + i] .. ARGV[6] .. payload .. '}')
        return {tostring(i - 10), payload, '', takenEpoch(payload, 1)}
      end
    end
  end
  return ended({})
end
-- the limited take below calls commands that fail on a key of another type: the finished record goes first, so a
-- failing call cannot leave it to be finished (and counted) again
if recordEnded then
  redis.call('DEL', KEYS[1])
  recordEnded = false
end
local worker, lease = ARGV[9], tonumber(ARGV[17 + n])
local jobLimits, anyJobLimit = {}, false
local base = 18 + 2 * n
for j = 1, tonumber(ARGV[base]) do
  jobLimits[ARGV[base + 3 * j - 2]] = {tonumber(ARGV[base + 3 * j - 1]), tonumber(ARGV[base + 3 * j])}
  anyJobLimit = true
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local micros = time[1] .. string.format('%06d', tonumber(time[2]))
local retryIn
for i = 10, 9 + n do
  if not (anyPaused and redis.call('SISMEMBER', KEYS[7], cjson.decode(ARGV[6 + i])) == 1) then
    local slots, most, rate, count, window = 0, 0, 0, 0, 0
    local limit = ARGV[18 + n + i - 10]
    if limit ~= '' then
      slots, most, rate, count, window = string.match(limit, '^(%d+),(%d+),(%d+),(%d+),(%d+)$')
      slots, most, rate, count, window = tonumber(slots), tonumber(most), tonumber(rate), tonumber(count),
        tonumber(window)
    end
    local allowed = true
    if slots > 0 then
      -- slots of workers that died without giving them back lapse with their lease
      redis.call('ZREMRANGEBYSCORE', KEYS[slots], '-inf', now)
      if redis.call('ZCARD', KEYS[slots]) >= most then
        allowed = false
        retryIn = math.min(retryIn or 100, 100)
      end
    end
    if allowed and rate > 0 then
      redis.call('ZREMRANGEBYSCORE', KEYS[rate], '-inf', now - window)
      if redis.call('ZCARD', KEYS[rate]) >= count then
        allowed = false
        local oldest = redis.call('ZRANGE', KEYS[rate], 0, 0, 'WITHSCORES')
        local wait = math.max(1, tonumber(oldest[2]) + window - now)
        retryIn = math.min(retryIn or wait, wait)
      end
    end
    if allowed then
      local ok, payload = pcall(redis.call, 'LPOP', KEYS[i])
      local jobSlot = ''
      if ok and payload and anyJobLimit then
        -- the job's own limit is known once its name is: at its limit, it goes back to the head of its queue in
        -- this same step, and the queue's later jobs wait behind it
        local decoded, job = pcall(cjson.decode, payload)
        local jobLimit = (decoded and type(job) == 'table' and type(job['class']) == 'string') and jobLimits[job['class']]
        if jobLimit then
          redis.call('ZREMRANGEBYSCORE', KEYS[jobLimit[1]], '-inf', now)
          if redis.call('ZCARD', KEYS[jobLimit[1]]) >= jobLimit[2] then
            redis.call('LPUSH', KEYS[i], payload)
            payload = nil
            retryIn = math.min(retryIn or 100, 100)
          else
            redis.call('ZADD', KEYS[jobLimit[1]], now + lease, worker)
            redis.call('PEXPIRE', KEYS[jobLimit[1]], lease)
            jobSlot = job['class']
          end
        end
      end
      if ok and payload then
        if slots > 0 then
          redis.call('ZADD', KEYS[slots], now + lease, worker)
          redis.call('PEXPIRE', KEYS[slots], lease)
        end
        if rate > 0 then
          redis.call('ZADD', KEYS[rate], now, worker .. '@' .. micros)
          redis.call('PEXPIRE', KEYS[rate], window)
        end
        redis.call('SET', KEYS[1], ARGV[5] .. ARGV[6 + i] .. ARGV[6] .. payload .. '}')
        return {tostring(i - 10), payload, jobSlot, takenEpoch(payload, 1)}
      end
    end
  end
end
if retryIn then
  return ended({'limited', tostring(retryIn)})
end
return ended({})
