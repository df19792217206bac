-- Forgets the ids kept beside delayed entries that were removed: each tracked job that will now never run is
-- recorded as cancelled.
-- KEYS[1] the history of ended jobs, KEYS[2..] delayed_id:<ts>:<digest> keys
-- ARGV[1] the job status key prefix, ARGV[2] how long an ended job's status lasts (ms)
-- Returns how many tracked jobs were cancelled.
local cancelled = 0
for i = 2, #KEYS do
  local id = redis.call('GET', KEYS[i])
  redis.call('DEL', KEYS[i])
  if id and string.find(id, '^[0-9a-f]+$') then
    statusEnded(ARGV[1], KEYS[1], id, 'cancelled', ARGV[2])
    cancelled = cancelled + 1
  end
end
return cancelled
