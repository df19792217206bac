-- Releases the leader locks (node-resque's and resque-scheduler's) that this scheduler still holds.
-- KEYS[1] resque_scheduler_leader_lock, KEYS[2] <ns>:<ns>:resque_scheduler_master_lock
-- ARGV[1] this scheduler's name
local released = 0
for i = 1, 2 do
  if redis.call('TYPE', KEYS[i])['ok'] == 'string' and redis.call('GET', KEYS[i]) == ARGV[1] then
    released = released + redis.call('DEL', KEYS[i])
  end
end
return released
