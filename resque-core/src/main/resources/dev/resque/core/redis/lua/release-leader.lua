-- Releases the leader lock if this scheduler still holds it.
-- KEYS[1] resque_scheduler_leader_lock
-- ARGV[1] this scheduler's name
if redis.call('TYPE', KEYS[1])['ok'] == 'string' and redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
