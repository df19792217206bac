-- Takes or renews the scheduler leader lock: taken when free, renewed only by its owner, so two schedulers
-- (of any language) never lead at once.
-- KEYS[1] resque_scheduler_leader_lock
-- ARGV[1] this scheduler's name, ARGV[2] lock timeout in seconds
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[2]) then
  return 1
end
if redis.call('TYPE', KEYS[1])['ok'] == 'string' and redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('EXPIRE', KEYS[1], ARGV[2])
  return 1
end
-- a lock without an expiry (written by hand, or by a broken peer) would keep every scheduler out for ever: give
-- it one, so that it runs down unless its owner renews it
if redis.call('TTL', KEYS[1]) == -1 then
  redis.call('EXPIRE', KEYS[1], ARGV[2])
end
return 0
