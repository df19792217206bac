-- Adds one to a plugin's counter in one step: created at ARGV[1] when absent, then incremented, its time to live
-- set to ARGV[2] seconds. KEYS[1] the counter. Returns the counter after the increment.
redis.call('SET', KEYS[1], ARGV[1], 'NX')
local value = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[2]))
return value
