-- Adds an instance's job counts of the last moments to the per-day and per-minute counters, in one step for all
-- of them. ARGV holds quadruples: the KEYS index of a period's hash, a field, the count to add, and how long the
-- period is kept (seconds), set when the period has no lifetime yet.
-- A period key of another type is passed over rather than failing every flush.
for j = 1, #ARGV, 4 do
  local key = KEYS[tonumber(ARGV[j])]
  if pcall(redis.call, 'HINCRBY', key, ARGV[j + 1], tonumber(ARGV[j + 2])) and redis.call('TTL', key) < 0 then
    redis.call('EXPIRE', key, tonumber(ARGV[j + 3]))
  end
end
return #ARGV / 4
