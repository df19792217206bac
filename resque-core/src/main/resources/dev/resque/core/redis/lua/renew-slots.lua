-- Renews the concurrency slots of workers that still run their jobs, so that only a dead worker's slot lapses.
-- KEYS[i] a queue's slots, ARGV[1] the lease in ms, ARGV[i + 1] the worker holding a slot in KEYS[i].
-- A slot given back meanwhile is not added again (XX).
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local lease = tonumber(ARGV[1])
for i = 1, #KEYS do
  redis.call('ZADD', KEYS[i], 'XX', now + lease, ARGV[i + 1])
  redis.call('PEXPIRE', KEYS[i], lease)
end
return #KEYS
