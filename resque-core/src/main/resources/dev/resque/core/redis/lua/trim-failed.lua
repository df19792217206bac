-- Trims the oldest entries of the failed queue down to its cap, at most ARGV[2] of them per call so that a queue
-- far over its cap is trimmed in bounded steps. KEYS[1] the failed list; ARGV[1] the cap.
-- Returns how many entries were removed. A failed queue of another type is left alone.
local ok, length = pcall(redis.call, 'LLEN', KEYS[1])
if not ok then
  return 0
end
local over = math.min(length - tonumber(ARGV[1]), tonumber(ARGV[2]))
if over <= 0 then
  return 0
end
redis.call('LTRIM', KEYS[1], over, -1)
return over
