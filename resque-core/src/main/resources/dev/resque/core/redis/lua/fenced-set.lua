-- Writes a value guarded by a fencing token: applied unless the same job's newer (or the same) attempt wrote it
-- already, so a stale attempt that wakes up late cannot overwrite a newer attempt's effect.
-- KEYS[1] the guarded value (a hash: value, job, attempt)
-- ARGV[1] the value, ARGV[2] the job's id, ARGV[3] the attempt
-- Returns 1 when written, 0 when refused.
local stored = redis.call('HMGET', KEYS[1], 'job', 'attempt')
if stored[1] == ARGV[2] and tonumber(stored[2]) >= tonumber(ARGV[3]) then
  return 0
end
redis.call('HSET', KEYS[1], 'value', ARGV[1], 'job', ARGV[2], 'attempt', ARGV[3])
return 1
