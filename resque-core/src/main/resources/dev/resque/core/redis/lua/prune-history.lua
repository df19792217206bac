-- Prunes the history of ended jobs to its caps, at most ARGV[4] entries a call so that a long history never
-- blocks Redis: first the entries older than the retention (their statuses expired on their own), then the
-- oldest beyond the most kept, whose statuses go with them. A job that was put back meanwhile (a failed job
-- retried) keeps its status.
-- KEYS[1] the history (ids by the time they ended, ms)
-- ARGV[1] the job status key prefix, ARGV[2] the oldest end time kept (ms), ARGV[3] the most entries kept,
-- ARGV[4] the most entries removed by this call
-- Returns how many entries were removed.
local budget = tonumber(ARGV[4])
local removed = 0
local function remove(id)
  if ENDED[redis.call('HGET', ARGV[1] .. id, 'state') or 'succeeded'] then
    redis.call('DEL', ARGV[1] .. id)
  end
  redis.call('ZREM', KEYS[1], id)
  removed = removed + 1
end
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[2], 'LIMIT', 0, budget)) do
  remove(id)
end
local excess = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[3])
if excess > 0 and removed < budget then
  for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, math.min(excess, budget - removed) - 1)) do
    remove(id)
  end
end
return removed
