-- Removes copies of a job from a queue, matching any of the encodings peers write.
-- KEYS[1] queue list
-- ARGV[1] how many to remove (0 = all), ARGV[2..] the payload in each encoding
local limit = tonumber(ARGV[1])
local removed = 0
for i = 2, #ARGV do
  local count = 0
  if limit > 0 then
    count = limit - removed
    if count <= 0 then
      break
    end
  end
  removed = removed + redis.call('LREM', KEYS[1], count, ARGV[i])
end
return removed
