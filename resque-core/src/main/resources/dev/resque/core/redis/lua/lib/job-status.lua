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

-- The server's time in milliseconds, as text: every instance stamps a status by the same clock.
local function nowMillis()
  local time = redis.call('TIME')
  return time[1] .. string.format('%03d', math.floor(tonumber(time[2]) / 1000))
end

-- The states a job does not leave by itself: its status then lasts the history's retention.
local ENDED = { succeeded = true, failed = true, cancelled = true, dropped = true }
